/** Replace every secret (and its base64 forms) in `text` with ***. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s) continue;
    for (const form of [s, Buffer.from(s).toString('base64'), encodeURIComponent(s)]) {
      if (form.length >= 3) out = out.split(form).join('***');
    }
  }
  return out;
}
