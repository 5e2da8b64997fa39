/**
 * Whether a webhook URL carries a user name or password (https://user:pass@host/hook). Such a URL can
 * never be delivered to (fetch refuses to send credentials in the URL), and its password would show
 * wherever the URL is shown; a receiver authenticates the registry by the webhook signature instead.
 * A value that is not a URL carries none (the URL check reports it).
 */
export function carriesCredentials(value: string): boolean {
  try {
    const url = new URL(value);
    return url.username !== '' || url.password !== '';
  } catch {
    return false;
  }
}

export const CREDENTIALS_REFUSED = 'must not carry a user name or password (user:pass@): the receiver checks the webhook signature instead';
