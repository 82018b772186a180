import { describe, expect, it } from 'vitest';
import { ApiError, describeError } from './api';

describe('describeError', () => {
  it('when sign-in is refused for too many failed attempts, then the person reads how long to wait, in minutes', () => {
    expect(describeError(new ApiError('TOO_MANY_ATTEMPTS', 'Too many failed sign-in attempts; try again in 61 seconds', { retryAfter: 61 }))).toEqual({
      title: 'Too many failed sign-in attempts.',
      detail: 'Wait 2 minutes, then try again.',
    });
    expect(describeError(new ApiError('TOO_MANY_ATTEMPTS', 'Too many', { retryAfter: 30 })).detail).toBe('Wait 1 minute, then try again.');
  });
});
