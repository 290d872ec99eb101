/** The playground server's API: what a person sees, and what they do. Refusals come back as thrown Errors. */
export async function fetchState(as, channel) {
  const response = await fetch(`/api/state?${new URLSearchParams({ as, in: channel })}`);
  if (!response.ok) throw new Error(`the playground answered ${response.status}`);
  return response.json();
}

export async function post(name, body) {
  const response = await fetch(`/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok || answer.ok === false)
    throw new Error(answer.error ?? `the playground answered ${response.status}`);
  return answer;
}
