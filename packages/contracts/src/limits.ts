/** Default limits of the contract. The server may be configured with other values. */
export const LIMITS = {
  usernameMin: 3,
  usernameMax: 32,
  passwordMin: 8,
  passwordMax: 128,
  displayNameMin: 1,
  displayNameMax: 64,
  bioMax: 500,
  emailMax: 254,
  roomNameMin: 1,
  roomNameMax: 80,
  roomDescriptionMax: 500,
  messageBodyMax: 4000,
  attachmentsMax: 10,
  fileMaxBytes: 25 * 1024 * 1024,
  /** Hours after which an upload never attached to a message nor used as a picture is removed. */
  orphanFileHours: 24,
  pageDefault: 50,
  pageMin: 1,
  pageMax: 100,
  /** Message search: the query's length in code points and its number of words and phrases. */
  searchQueryMax: 200,
  searchTermsMax: 10,
} as const;

export const USERNAME_PATTERN = /^[a-zA-Z0-9_.-]+$/;
