import { EventEmitter } from 'node:events';
import ky, { type Options } from 'ky';
import { afterEach, describe, expect, it } from 'vitest';
import { withClientDisconnect } from '../src/index.js';
import { Harness } from './helpers.js';

const PATH = 'api/v1/getEwayBillData/';

/** searchParams of every kind ky 1.x accepts, with the edge cases of each. */
const CASES: [string, Options['searchParams']][] = [
  [
    'plain object',
    { action: 'GetGSTINDetails', gstin: '05AAAAA0000A1Z8', userGstin: '05AAAAA0000A1Z8' },
  ],
  ['undefined values dropped', { a: '1', b: undefined, c: '3' }],
  ['numbers, booleans', { n: 1, t: true, f: false }],
  ['only undefined values', { a: undefined }],
  ['empty object', {}],
  ['characters to encode', { q: 'a b&c=d/é?#', 'k y': '+' }],
  ['string', 'a=1&b=2'],
  ['string with a leading ?', '?a=1'],
  ['blank string', '   '],
  [
    'URLSearchParams with a repeated key',
    new URLSearchParams([
      ['a', '1'],
      ['a', '2'],
    ]),
  ],
  ['empty URLSearchParams', new URLSearchParams()],
  [
    'array of pairs',
    [
      ['a', '1'],
      ['b', '2'],
    ],
  ],
];

describe('mastersFetch searchParams', () => {
  const h = new Harness();
  afterEach(() => h.close());

  /** The URL plain ky sends for the same call (the mock answers 401 without a token). */
  async function kyUrl(input: string, options: Options, defaults: Options = {}): Promise<string> {
    const plain = ky
      .create({ prefixUrl: h.mock.url, throwHttpErrors: false, retry: 0 })
      .extend(defaults);
    return (await plain.get(input, options)).url;
  }

  it.each(CASES)('sends the URL plain ky sends: %s', async (_name, searchParams) => {
    await h.start();
    const { mastersFetch } = h.client();
    const view = withClientDisconnect(
      mastersFetch,
      Object.assign(new EventEmitter(), { writableFinished: false }),
    );
    const expected = await kyUrl(PATH, { searchParams });
    for (const instance of [mastersFetch, view, mastersFetch.extend({}), view.extend(() => ({}))]) {
      const response = await instance.get(PATH, { searchParams, throwHttpErrors: false });
      expect(response.url).toBe(expected);
      expect(new URL(response.url).pathname).toBe(`/${PATH}`);
    }
  });

  /** Inputs and options where appending the query would differ from ky (found in review). */
  const EDGES: [string, (mockUrl: string) => [string, Options]][] = [
    ['an input ending in a space', () => ['users ', { searchParams: { a: 1 } }]],
    ['an input ending in a control character', () => ['users\x01', { searchParams: { a: 1 } }]],
    ['keys equal as USVStrings', () => [PATH, { searchParams: { '\uD800': 'a', '\uDC00': 'b' } }]],
    [
      'a class instance',
      () => [
        PATH,
        {
          searchParams: new (class {
            a = '1';
            b = undefined;
          })() as unknown as Options['searchParams'],
        },
      ],
    ],
    [
      'a URLSearchParams subclass with its own toString()',
      () => [
        PATH,
        {
          searchParams: new (class extends URLSearchParams {
            override toString(): string {
              return 'evil=1';
            }
          })({ a: '1' }),
        },
      ],
    ],
    [
      'searchParams inherited by the options',
      () => [PATH, Object.assign(Object.create({ searchParams: { a: '1' } }) as Options, {})],
    ],
    [
      'a per-call prefixUrl with a fragment',
      (url) => ['', { searchParams: { a: '1' }, prefixUrl: `${url}/#f` }],
    ],
  ];

  it.each(EDGES)('sends the URL plain ky sends for %s', async (_name, make) => {
    await h.start();
    const { mastersFetch } = h.client();
    const [input, options] = make(h.mock.url);
    options.throwHttpErrors = false;
    expect((await mastersFetch.get(input, options)).url).toBe(await kyUrl(input, options));
  });

  it('sends the URL plain ky sends when extend() sets a prefixUrl with ? or #', async () => {
    await h.start();
    const { mastersFetch } = h.client();
    for (const prefixUrl of [`${h.mock.url}/#f`, `${h.mock.url}/?v=1`]) {
      const options = { searchParams: { a: '1' } };
      const response = await mastersFetch
        .extend({ prefixUrl })
        .get('users', { ...options, throwHttpErrors: false });
      expect(response.url).toBe(await kyUrl('users', options, { prefixUrl }));
    }
  });

  it('lets ky reject options that are not a plain object', async () => {
    await h.start();
    const { mastersFetch } = h.client();
    const options = Object.assign([], { searchParams: { a: '1' } }) as unknown as Options;
    expect(() => ky.get(`${h.mock.url}/${PATH}`, options)).toThrow(TypeError);
    expect(() => mastersFetch.get(PATH, options)).toThrow(TypeError);
  });

  it('lets ky replace a query already in the input, as plain ky does', async () => {
    await h.start();
    const { mastersFetch } = h.client();
    const options = { searchParams: { b: '2' } };
    const response = await mastersFetch.get(`${PATH}?a=1#x`, {
      ...options,
      throwHttpErrors: false,
    });
    expect(response.url).toBe(await kyUrl(`${PATH}?a=1#x`, options));
    expect(new URL(response.url).search).toBe('?b=2');
  });

  it('merges searchParams of extend() with the call, as plain ky does', async () => {
    await h.start();
    const { mastersFetch } = h.client();
    const defaults = { searchParams: { userGstin: '05AAAAA0000A1Z8' } };
    const options = { searchParams: { action: 'GetGSTINDetails' } };
    const response = await mastersFetch
      .extend(defaults)
      .get(PATH, { ...options, throwHttpErrors: false });
    expect(response.url).toBe(await kyUrl(PATH, options, defaults));
    expect(new URL(response.url).searchParams.getAll('userGstin')).toEqual(['05AAAAA0000A1Z8']);
    expect(new URL(response.url).searchParams.get('action')).toBe('GetGSTINDetails');
  });

  it('shows searchParams to a hook given per call or through extend()', async () => {
    await h.start();
    const { mastersFetch } = h.client();
    const seen: unknown[] = [];
    const hooks = {
      beforeRequest: [
        (_request: Request, options: Options) => void seen.push(options.searchParams),
      ],
    };
    const searchParams = { a: '1' };
    await mastersFetch.get(PATH, { searchParams, hooks, throwHttpErrors: false });
    await mastersFetch.extend({ hooks }).get(PATH, { searchParams, throwHttpErrors: false });
    await mastersFetch
      .extend({ hooks })
      .extend({})
      .get(PATH, { searchParams, throwHttpErrors: false });
    expect(seen).toEqual([searchParams, searchParams, searchParams]);
  });

  it('throws like ky for a value URLSearchParams cannot take', async () => {
    await h.start();
    const { mastersFetch } = h.client();
    const searchParams = { a: Symbol('s') } as unknown as Options['searchParams'];
    expect(() => ky.get(`${h.mock.url}/${PATH}`, { searchParams })).toThrow(TypeError);
    expect(() => mastersFetch.get(PATH, { searchParams })).toThrow(TypeError);
  });
});
