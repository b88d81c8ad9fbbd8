import { Controller, Get } from '@nestjs/common';
import { expectTypeOf, test } from 'vitest';
import type { MastersFetch as CoreMastersFetch } from '@mastersfetch/core';
import { InjectMastersFetch, MastersFetch } from './index.js';

test('MastersFetch is both the parameter decorator and the client type', () => {
  @Controller()
  class ExampleController {
    constructor(@InjectMastersFetch() readonly injected: MastersFetch) {}

    @Get()
    handle(@MastersFetch() mastersFetch: MastersFetch): MastersFetch {
      return mastersFetch;
    }
  }

  expectTypeOf(MastersFetch).returns.toEqualTypeOf<ParameterDecorator>();
  expectTypeOf<MastersFetch>().toEqualTypeOf<CoreMastersFetch>();
  expectTypeOf<ExampleController['handle']>().returns.toEqualTypeOf<CoreMastersFetch>();
  expectTypeOf(InjectMastersFetch).returns.toExtend<ParameterDecorator>();
});
