// The bucket policy editor's check, as the core makes it before sending
// (src-tauri/core/src/buckets/policy.rs): well-formed JSON, an object with a Statement whose
// every entry has an Effect, an Action and a Resource. A blank policy removes it.

function invalid(problem: string): string {
  return `The policy is not valid: ${problem}.`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function statementProblem(s: unknown): string | null {
  if (!isObject(s)) return 'a statement is a JSON object';
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return '"Effect" must be "Allow" or "Deny"';
  if (!('Action' in s) && !('NotAction' in s)) return 'it needs an "Action", such as "s3:GetObject"';
  if (!('Resource' in s) && !('NotResource' in s)) return 'it needs a "Resource", such as "arn:aws:s3:::my-space/*"';
  return null;
}

/** What is wrong with the policy text, or null (a blank text is fine: it removes the policy). */
export function policyProblem(text: string): string | null {
  if (text.trim() === '') return null;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return `The policy is not valid JSON: ${why}.`;
  }
  if (!isObject(doc)) return invalid('it must be a JSON object, { ... }');
  if ('Version' in doc && doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17')
    return invalid('"Version" must be "2012-10-17"');
  const st = doc.Statement;
  const list = Array.isArray(st) && st.length > 0 ? st : isObject(st) ? [st] : null;
  if (list === null) return invalid('it needs a "Statement": one statement or a list of them');
  for (const [i, s] of list.entries()) {
    const p = statementProblem(s);
    if (p !== null) return invalid(`statement ${i + 1}: ${p}`);
  }
  return null;
}

/** A starting point: anyone may read the Space's files. */
export function publicReadTemplate(bucket: string): string {
  const doc = {
    Version: '2012-10-17',
    Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${bucket}/*`] }],
  };
  return JSON.stringify(doc, null, 2);
}
