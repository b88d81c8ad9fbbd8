// `koa2` is `npm:koa@^2`, installed to run the same tests on Koa 2; it has the same API as Koa 3.
declare module 'koa2' {
  import Koa from 'koa';
  export default Koa;
}
