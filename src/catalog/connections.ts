/**
 * Named connections (issue 15): the rules for a connection's name and how many a user may keep. Each
 * connection is one Adapty app's secret key, saved in the user's properties only.
 */
export const CONNECTIONS = {
  /** The name a key saved before connections had names shows (it stays the default). */
  defaultName: 'Default',
  /** `app=all` in a formula, "All apps" in the sidebar: every connection of the report's owner. */
  allKeyword: 'all',
  /** Characters in a name: it heads the App column and the sidebar's picker. */
  maxNameLength: 40,
  /** Connections one user may keep (each key ~60 bytes; the store's room is bounded in properties.ts). */
  max: 12,
} as const;
