/** The one message a feature gives when a Google permission it needs was not granted (nothing changed). */
import { FEATURE_SCOPES, GRANT_MENU, type Feature, type ScopeDef } from '../catalog/scopes';
import { AdaptyError } from './errors';

const quoted = (missing: readonly ScopeDef[]) => missing.map((s) => `“${s.permission}”`).join(' and ');

export function missingPermissionMessage(feature: Feature, missing: readonly ScopeDef[]): string {
  const one = missing.length === 1;
  return (
    `To ${FEATURE_SCOPES[feature].doing}, Adapty needs the Google permission${one ? '' : 's'} ${quoted(missing)}, ` +
    `which ${one ? 'was' : 'were'} not granted. Nothing was changed. Grant ${one ? 'it' : 'them'} with ${GRANT_MENU}: ` +
    'Google then asks only for what is missing.'
  );
}

export function missingPermissionError(feature: Feature, missing: readonly ScopeDef[]): AdaptyError {
  return new AdaptyError('missing_permission', missingPermissionMessage(feature, missing));
}
