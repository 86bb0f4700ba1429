// Turns error codes (websocket `error` frames, API errors) into translated text.
import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

/** A translated message for a live protocol error code (errors:ws.<code>). */
export function wsErrorText(t: TFunction, code: string): string {
  return t(`errors:ws.${code}`, { defaultValue: t('errors:ws.unknown') });
}

/** A translated message for an API error (errors:api.<code>). */
export function apiErrorText(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'rate_limited') return t('errors:api.rate_limited', { seconds: err.retryAfter ?? 5 });
    return t(`errors:api.${err.code}`, { defaultValue: t('errors:api.unknown') });
  }
  return t('errors:api.unknown');
}
