// The restoration API as the page uses it: the same endpoints as any other client, relative to the page.

const RESTORATIONS = 'v1/restorations';
const KEY_STORAGE = 'revive.api-key';
/** How long to wait before following a job again after its event stream broke, as EventSource would. */
const RECONNECT_MS = 2000;

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
  'quota-exceeded': 'You have as many restorations under way as your key allows; start more once some finish.',
  unauthenticated: 'This Revive needs an API key: enter yours above.',
};

/** The API key this browser was given, if any. Sent as a bearer token with every call. */
export function apiKey() {
  return localStorage.getItem(KEY_STORAGE) || '';
}

export function setApiKey(key) {
  if (key) {
    localStorage.setItem(KEY_STORAGE, key);
  } else {
    localStorage.removeItem(KEY_STORAGE);
  }
}

function authorization() {
  const key = apiKey();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

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
  if (problem.code === 'unauthenticated') {
    return advice; // The server's detail speaks of HTTP headers, which the page sets itself.
  }
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

/** Every request of the page goes through here: with the key, and with failures turned into words. */
async function send(path, init = {}) {
  let response;
  try {
    response = await fetch(path, { ...init, headers: { ...init.headers, ...authorization() } });
  } catch (error) {
    if (error.name === 'AbortError') {
      throw error;
    }
    throw new ApiError('Revive cannot be reached. Check the connection and try again.', 'unreachable');
  }
  if (!response.ok) {
    throw await refusal(response);
  }
  return response;
}

async function call(path, init) {
  return (await send(path, init)).json();
}

/** An image of the API (input, preview, result), fetched with the key, for an img element or a download. */
export async function blob(path) {
  return (await send(path)).blob();
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

export function previewUrl(id) {
  return `${RESTORATIONS}/${encodeURIComponent(id)}/preview`;
}

export const FINAL = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Follows a job over its server-sent events until its final state, reconnecting after a broken stream. Read with
 * fetch rather than EventSource, which cannot send the API key. Returns the function that stops following.
 */
export function watch(id, onJob, onError) {
  const stop = new AbortController();
  const follow = async () => {
    while (!stop.signal.aborted) {
      try {
        const response = await send(`${RESTORATIONS}/${encodeURIComponent(id)}/events`,
          { headers: { Accept: 'text/event-stream' }, signal: stop.signal });
        for await (const job of events(response.body)) {
          onJob(job);
          if (FINAL.has(job.status)) {
            stop.abort();
          }
        }
      } catch (error) {
        if (stop.signal.aborted) {
          return;
        }
        if (error.code !== 'unreachable') {
          onError(error);
          return;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
    }
  };
  follow();
  return () => stop.abort();
}

/** The data of each event in a text/event-stream body, parsed as JSON. */
async function* events(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer = (buffer + value).replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const data = buffer.slice(0, end).split('\n').filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, '')).join('\n');
      buffer = buffer.slice(end + 2);
      if (data) {
        yield JSON.parse(data);
      }
    }
  }
}
