// Time comes in through this interface so that lockouts and idle locks can be tested without waiting.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
