/**
 * The invite code in what a person typed or pasted: the code itself, or the whole invite link the server hands out
 * (`https://chat.example/invite/<code>`, or the sign-up page's `/register?invite=<code>`). Codes are case-sensitive,
 * so only surrounding white space is removed.
 */
export function inviteCodeFrom(input: string): string {
  const text = input.trim();
  const path = /\/invite\/([^/?#\s]+)/.exec(text);
  if (path?.[1]) return safeDecode(path[1]);
  const query = /[?&]invite=([^&#\s]+)/.exec(text);
  if (query?.[1]) return safeDecode(query[1]);
  return text;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
