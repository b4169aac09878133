/**
 * Which of the add-on's OAuth scopes this user granted (granular consent), through
 * ScriptApp.getAuthorizationInfo(AuthMode.FULL, scopes).getAuthorizedScopes(), and the consent prompt for
 * the missing ones (ScriptApp.requireScopes, which "ends the current execution and renders an authorization
 * prompt": https://developers.google.com/apps-script/reference/script/script-app#requirescopesauthmode,-oauthscopes).
 * Neither call needs a scope itself.
 */
import { FEATURE_SCOPES, SCOPES, type Feature, type ScopeDef, type ScopeId } from '../catalog/scopes';
import { missingPermissionError } from '../core/permissions';

/** The typings know getAuthorizationInfo(authMode) only; Apps Script also takes the scopes to ask about. */
interface GranularAuthInfo {
  getAuthorizationStatus(): GoogleAppsScript.Script.AuthorizationStatus;
  getAuthorizationUrl(): string | null;
  getAuthorizedScopes(): string[] | null;
}

function authInfo(urls: string[]): GranularAuthInfo {
  const app = ScriptApp as unknown as {
    getAuthorizationInfo(mode: GoogleAppsScript.Script.AuthMode, scopes: string[]): GranularAuthInfo;
  };
  return app.getAuthorizationInfo(ScriptApp.AuthMode.FULL, urls);
}

/** The scopes among `ids` this user has not granted (all of them when Google says re-consent is needed). */
export function missingScopes(ids: readonly ScopeId[]): ScopeDef[] {
  if (ids.length === 0) return [];
  const info = authInfo(ids.map((id) => SCOPES[id].url));
  const granted = info.getAuthorizedScopes();
  if (!Array.isArray(granted)) {
    // A runtime without granular consent: all or nothing.
    return info.getAuthorizationStatus() === ScriptApp.AuthorizationStatus.REQUIRED ? ids.map((id) => SCOPES[id]) : [];
  }
  return ids.filter((id) => !granted.includes(SCOPES[id].url)).map((id) => SCOPES[id]);
}

/** Throws the feature's missing-permission error (code missing_permission) before it changes anything. */
export function requireFeature(feature: Feature): void {
  const missing = missingScopes(FEATURE_SCOPES[feature].scopes);
  if (missing.length > 0) throw missingPermissionError(feature, missing);
}

/** For menu items (someone is at the keyboard): Google's own prompt for whatever the feature lacks. */
export function promptForFeature(feature: Feature): void {
  const scopes = FEATURE_SCOPES[feature].scopes;
  if (scopes.length === 0) return;
  ScriptApp.requireScopes(
    ScriptApp.AuthMode.FULL,
    scopes.map((id) => SCOPES[id].url),
  );
}

/** Google's page that grants the missing scopes, or null when nothing is missing. */
export function authorizationUrl(): string | null {
  return authInfo(Object.values(SCOPES).map((s) => s.url)).getAuthorizationUrl();
}
