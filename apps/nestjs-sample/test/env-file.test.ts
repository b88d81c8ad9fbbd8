import { join } from 'node:path';
import { DEMO_USERS } from '@mastersfetch/mock-server';
import { expectEnvFileLoaded } from '@mastersfetch/sample-kit/testing';
import { describe, it } from 'vitest';

describe('node dist/main.js with a .env file in the app folder', () => {
  it('loads it from its own folder, prints which file, and variables already set win', () =>
    expectEnvFileLoaded({
      appName: 'nestjs-sample',
      appDir: join(__dirname, '..'), // this package compiles to CommonJS, where __dirname exists
      user: DEMO_USERS[2],
    }));
});
