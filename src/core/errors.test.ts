import { AdaptyError, ValidationError, fromWireError, toWireError } from './errors';

describe('errors crossing google.script.run', () => {
  test('a validation error keeps its message, code and field', () => {
    const wire = toWireError(new ValidationError('mode', 'Write mode "apend" is not one of: overwrite, append'));
    expect(wire.message.startsWith('Write mode "apend" is not one of')).toBe(true);
    // Apps Script may prefix the message it hands the failure handler.
    expect(fromWireError('Exception: ' + wire.message)).toEqual({
      code: 'validation',
      field: 'mode',
      message: 'Write mode "apend" is not one of: overwrite, append',
    });
  });

  test('an Adapty error keeps its code; a plain error becomes "internal" with its text', () => {
    expect(fromWireError(toWireError(new AdaptyError('rate_limited', 'Slow down.')).message)).toEqual({
      code: 'rate_limited',
      message: 'Slow down.',
    });
    expect(fromWireError(toWireError(new TypeError('x is undefined')).message)).toEqual({
      code: 'internal',
      message: 'Unexpected problem: x is undefined',
    });
  });

  test('an untagged message (an Apps Script failure before our code ran) is internal, prefixes stripped', () => {
    expect(fromWireError('Exception: Authorization is required to perform that action.')).toEqual({
      code: 'internal',
      message: 'Authorization is required to perform that action.',
    });
  });

  test('a tag inside the message text cannot forge a second one', () => {
    const wire = toWireError(new AdaptyError('auth', 'Adapty said [[adapty:internal]]'));
    expect(fromWireError(wire.message).code).toBe('auth');
  });
});
