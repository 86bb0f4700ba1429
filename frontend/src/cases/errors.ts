// Error text for the case screens: the case library's own codes first, then
// the shared API messages.
import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';
import { apiErrorText } from '../shared/errors';

export function caseErrorText(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    const own = t(`cases:errors.${err.code}`, { defaultValue: '' });
    if (own) return err.code === 'invalid' && err.message ? `${own} ${err.message}` : own;
  }
  return apiErrorText(t, err);
}
