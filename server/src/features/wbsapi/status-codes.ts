/**
 * The Withings-style API answers every request in HTTP 200 with `{ status, body, error? }`; `status` says
 * what happened. The codes are the original's (https://developer.withings.com/api-reference, "Response
 * status"), so existing clients map them to the same exceptions (e.g. aiowithings: 401 → authentication
 * failed, 503 → invalid params, 2554 → unknown action, 601 → too many requests).
 */
export const wbsapiStatus = {
  /** Success. */
  ok: 0,
  /** Authentication failed: the token is missing, unknown, expired, revoked, or lacks the scope. */
  invalidToken: 401,
  /** The callback URL is absent or not valid (notify). */
  badCallbackUrl: 293,
  /** No such subscription (notify revoke/get/update). */
  noSuchSubscription: 294,
  /** Too many subscriptions are already set for this user and app (notify subscribe). */
  tooManySubscriptions: 305,
  /** The callback URL did not answer the check (a HEAD request must get a 2xx) (notify). */
  wrongCallbackUrl: 343,
  /** Invalid params: a parameter is missing, malformed or out of range. */
  invalidParams: 503,
  /** Too many requests. */
  tooManyRequests: 601,
  /** The action is not allowed (e.g. a client not entitled to this grant). */
  actionNotAllowed: 2553,
  /** Unknown action, or an action sent to the wrong service. */
  unknownAction: 2554,
  /** An unknown error occurred on our side. */
  unknownError: 2555,
} as const;

export type WbsapiStatus = (typeof wbsapiStatus)[keyof typeof wbsapiStatus];

/** The fixed texts of the `error` field; never anything the caller sent beyond a parameter name. */
export const wbsapiErrorText: Record<WbsapiStatus, string> = {
  0: '',
  401: 'invalid_token: The access token provided is invalid',
  293: 'Invalid Params: the callback URL is either absent or incorrect',
  294: 'Invalid Params: no such subscription was found',
  305: 'Too many notifications are already set',
  343: 'Wrong Notification Callback Url: it does not answer',
  503: 'Invalid Params',
  601: 'Too Many Requests',
  2553: 'The action is not allowed',
  2554: 'Unknown action',
  2555: 'An unknown error occurred',
};
