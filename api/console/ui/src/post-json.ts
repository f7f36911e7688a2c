/** A console action from the browser: JSON with the page's CSRF token and a one-time form token, so a repeated click acts once. */
export async function postAction(url: string, csrf: string, body: unknown = {}): Promise<{ ok: boolean; status: number; data: Record<string, unknown> }> {
  const token = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  const res = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf, 'x-form-token': token },
    body: JSON.stringify(body),
  });
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  return { ok: res.ok, status: res.status, data };
}
