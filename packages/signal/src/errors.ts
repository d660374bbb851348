/**
 * Input the user can fix (records out of time order, overlapping pulses, mixed sampling). Named
 * 'UserError' so @dance/schema's `isUserError` recognises it without this package importing it.
 */
export class SignalInputError extends Error {
  override readonly name = 'UserError';
}
