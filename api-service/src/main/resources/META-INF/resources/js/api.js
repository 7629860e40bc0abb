// The restoration API as the page uses it: the same endpoints as any other client, relative to the page.

const RESTORATIONS = 'v1/restorations';

/** Plain words for the problem codes a person can act on; the server's own detail follows them. */
const ADVICE = {
  'too-large': 'The file is too large.',
  'image-too-large': 'The photo has too many pixels.',
  'unsupported-image': 'That file is not a photo Revive can read (PNG, JPEG or TIFF).',
  'mask-size-mismatch': 'The mask must be exactly the size of the photo.',
  'invalid-request': 'Some settings do not fit this task.',
  'bad-options': 'Some settings are not valid.',
  'queue-unavailable': 'Revive is busy or restarting; nothing was lost, please try again in a moment.',
  'storage-unavailable': 'Revive cannot reach its storage right now; please try again in a moment.',
  'engine-failure': 'The restoration failed inside the engine.',
  'time-limit': 'The restoration ran out of time.',
  'already-finished': 'The job had already finished.',
};

/** A refusal or failure, in words for a person. */
export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

/** The sentence to show for a problem-details body (or a job's error), never a stack trace. */
export function describeProblem(problem) {
  const advice = ADVICE[problem.code];
  const said = problem.detail || problem.message || problem.title || '';
  const detail = said && `${said.charAt(0).toUpperCase()}${said.slice(1)}${/[.!?]$/.test(said) ? '' : '.'}`;
  const violations = (problem.violations || []).map((v) => `${v.field}: ${v.message}`).join('; ');
  return [advice, detail, violations].filter(Boolean).join(' ');
}

async function refusal(response) {
  let problem = { code: 'http-' + response.status, detail: `The server answered ${response.status}.` };
  try {
    problem = await response.json();
  } catch {
    // Not a problem-details body (a proxy's page, say): keep the status line.
  }
  return new ApiError(describeProblem(problem), problem.code);
}

async function call(path, init) {
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError('Revive cannot be reached. Check the connection and try again.', 'unreachable');
  }
  if (!response.ok) {
    throw await refusal(response);
  }
  return response.json();
}

/** Submits a restoration: the form's parts are the API's (image, task, method, options, mask, guide). */
export function submit(form) {
  return call(RESTORATIONS, { method: 'POST', body: form });
}

export function job(id) {
  return call(`${RESTORATIONS}/${encodeURIComponent(id)}`);
}

export function cancel(id) {
  return call(`${RESTORATIONS}/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function inputUrl(id) {
  return `${RESTORATIONS}/${encodeURIComponent(id)}/input`;
}

export function resultUrl(id) {
  return `${RESTORATIONS}/${encodeURIComponent(id)}/result`;
}

export function previewUrl(id, iteration) {
  return `${RESTORATIONS}/${encodeURIComponent(id)}/preview?at=${iteration}`;
}

export const FINAL = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Follows a job over server-sent events until its final state. The stream closes itself then; the browser would
 * reconnect after a dropped connection, which is what we want until the job is final.
 */
export function watch(id, onJob) {
  const events = new EventSource(`${RESTORATIONS}/${encodeURIComponent(id)}/events`);
  events.onmessage = (message) => {
    const current = JSON.parse(message.data);
    onJob(current);
    if (FINAL.has(current.status)) {
      events.close();
    }
  };
  return () => events.close();
}
