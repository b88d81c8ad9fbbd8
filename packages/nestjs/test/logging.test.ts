import { ConsoleLogger, Logger, Module, type DynamicModule, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DEMO_USERS, startMockServer, type MockServer } from '@mastersfetch/mock-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  MastersIndiaModule,
  MastersIndiaService,
  type MastersIndiaModuleOptions,
} from '../src/index.js';

// Issue 17, finding 14: a Nest `Logger` created with a context printed every line twice (the
// adapter passed 'MastersFetch' as an extra argument) and without a `logger` option the module was
// silent.

const user = DEMO_USERS[0]!;

interface Line {
  message: unknown;
  context: string | undefined;
  level: LogLevel;
}

/** Nest's real ConsoleLogger, with the printed lines captured instead of written to stdout. */
class CapturingLogger extends ConsoleLogger {
  readonly lines: Line[] = [];
  protected override printMessages(
    messages: unknown[],
    context = '',
    logLevel: LogLevel = 'log',
  ): void {
    for (const message of messages) this.lines.push({ message, context, level: logLevel });
  }
}

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(async () => {
  await mock.close();
});

async function rejectedLogin(
  extra: Partial<MastersIndiaModuleOptions>,
): Promise<{ printed: CapturingLogger; close(): Promise<void> }> {
  const root: DynamicModule = MastersIndiaModule.forRoot({
    baseUrl: mock.url,
    credentials: { username: user.username, password: 'Wrong-Password-For-Logging' },
    ...extra,
  } as MastersIndiaModuleOptions);
  @Module({ imports: [root] })
  class AppModule {}
  const printed = new CapturingLogger();
  const app = await NestFactory.createApplicationContext(AppModule, { logger: printed });
  await expect(app.get(MastersIndiaService).getAccessToken()).rejects.toThrow(/rejected/);
  return { printed, close: () => app.close() };
}

describe('hardening: NestJS logging (issue 17, finding 14)', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('prints one line per event with the context of a Logger created with one', async () => {
    const run = await rejectedLogin({ logger: new Logger('Billing') });
    close = run.close;
    const ours = run.printed.lines.filter((l) => l.context === 'Billing');
    expect(ours).toHaveLength(1);
    expect(String(ours[0]!.message)).toContain('rejected the credentials');
    expect(run.printed.lines.some((l) => l.message === 'MastersFetch')).toBe(false);
    expect(JSON.stringify(run.printed.lines)).not.toContain('Wrong-Password-For-Logging');
  });

  it("logs through Nest's own Logger (context MastersFetch) when no logger is given", async () => {
    const run = await rejectedLogin({});
    close = run.close;
    const ours = run.printed.lines.filter((l) => l.context === 'MastersFetch');
    expect(ours).toHaveLength(1);
    expect(ours[0]!.level).toBe('warn');
    expect(String(ours[0]!.message)).toContain('rejected the credentials');
  });
});
