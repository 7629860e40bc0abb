// The page: pick a photo, choose what to do, follow the job live, compare before and after.

import * as api from './api.js';
import { Compare } from './compare.js';
import { MaskPainter } from './mask-painter.js';
import { RecentJobs } from './recent-jobs.js';

/** Quality or speed, as a time budget: the worker returns its best estimate when the budget runs out. */
const PRESET_SECONDS = { quick: 60, balanced: 300, best: null };
/** Previews come about ten times per run when the user sets a short run. */
const PREVIEWS_PER_RUN = 10;

const $ = (id) => document.getElementById(id);

const form = $('restore-form');
const photoInput = $('photo');
const task = $('task');
const method = $('method');
const photoCanvas = $('photo-canvas');
const painter = new MaskPainter($('mask-canvas'));
const compare = new Compare({
  container: $('compare'), before: $('before-image'), after: $('after-image'),
  slider: $('compare-slider'), zoom: $('zoom'),
});
const recent = new RecentJobs($('recent'), {
  onOpen: (entry) => open(entry.id, entry.name),
  onCancel: (entry) => cancel(entry.id),
});

let photo = null;
let shown = null;
let previewLoading = false;
const objectUrls = new Map();

/** An object URL for a blob of the API's, replacing (and releasing) the one held in the same slot. */
function objectUrl(slot, blob) {
  if (objectUrls.has(slot)) {
    URL.revokeObjectURL(objectUrls.get(slot));
  }
  const url = URL.createObjectURL(blob);
  objectUrls.set(slot, url);
  return url;
}

/** Shows an error where the user is looking; a missing key sends them to the key field. */
function report(element, error) {
  element.textContent = error.message;
  if (error.code === 'unauthenticated') {
    $('api-key').focus();
  }
}

function choosePhoto(file) {
  photo = file;
  $('form-error').textContent = '';
  $('photo-info').textContent = `${file.name}, ${Math.round(file.size / 1024)} KB`;
  const url = URL.createObjectURL(file);
  const image = new Image();
  image.onload = () => {
    photoCanvas.width = image.naturalWidth;
    photoCanvas.height = image.naturalHeight;
    photoCanvas.getContext('2d').drawImage(image, 0, 0);
    painter.reset(image.naturalWidth, image.naturalHeight);
    $('photo-info').textContent += `, ${image.naturalWidth} × ${image.naturalHeight} pixels`;
    $('canvas-wrap').hidden = false;
    URL.revokeObjectURL(url);
  };
  image.onerror = () => {
    $('canvas-wrap').hidden = true;
    $('photo-info').textContent += '. This browser cannot show it. If it is a TIFF, Revive will still read it'
      + ' (a mask for it has to be uploaded rather than painted).';
    URL.revokeObjectURL(url);
  };
  image.src = url;
}

function showTaskControls() {
  for (const element of document.querySelectorAll('[data-for-task]')) {
    element.hidden = element.dataset.forTask !== task.value;
  }
  $('canvas-wrap').classList.toggle('painting', task.value === 'inpaint');
}

function options() {
  const chosen = {};
  const iterations = $('iterations').value;
  if (iterations) {
    chosen.iterations = Number(iterations);
    if (task.value !== 'denoise' || method.value === 'dip') {
      chosen.previewEvery = Math.max(1, Math.round(chosen.iterations / PREVIEWS_PER_RUN));
    }
  }
  if ($('seed').value) {
    chosen.seed = Number($('seed').value);
  }
  if (task.value === 'super-resolve') {
    chosen.scale = Number($('scale').value);
  }
  const seconds = PRESET_SECONDS[form.elements.preset.value];
  if (seconds) {
    chosen.maxSeconds = seconds;
  }
  return chosen;
}

/** The form as the API's multipart parts, or a sentence saying what is missing. */
async function parts() {
  if (!photo) {
    throw new api.ApiError('Choose a photo first.');
  }
  const body = new FormData();
  body.append('image', photo, photo.name);
  body.append('task', task.value);
  if (task.value === 'denoise') {
    body.append('method', method.value);
  }
  body.append('options', JSON.stringify(options()));
  if (task.value === 'inpaint') {
    const maskFile = $('mask-file').files[0];
    if (maskFile) {
      body.append('mask', maskFile, maskFile.name);
    } else if (painter.painted) {
      body.append('mask', await painter.toBlob(), 'mask.png');
    } else {
      throw new api.ApiError('Paint over the parts to fill in, or upload a mask.');
    }
  }
  if (task.value === 'flash-guided') {
    const guide = $('guide-file').files[0];
    if (!guide) {
      throw new api.ApiError('Choose the photo taken with flash too.');
    }
    body.append('guide', guide, guide.name);
  }
  return body;
}

async function submit(event) {
  event.preventDefault();
  const button = $('submit');
  button.disabled = true;
  $('form-error').textContent = '';
  try {
    const job = await api.submit(await parts());
    recent.remember(job, photo.name);
    follow(job, photo.name);
  } catch (error) {
    report($('form-error'), error);
  } finally {
    button.disabled = false;
  }
}

/** Shows one job in the progress panel and follows it until it ends. */
function follow(job, name) {
  if (shown) {
    shown.stop();
  }
  shown = { id: job.id, name, stop: () => {} };
  $('job-panel').hidden = false;
  $('result-panel').hidden = true;
  $('live-preview').hidden = true;
  $('job-error').textContent = '';
  $('job-heading').textContent = `Restoring ${name}`;
  render(job);
  if (!api.FINAL.has(job.status)) {
    shown.stop = api.watch(job.id, render, (error) => report($('job-error'), error));
  }
}

async function open(id, name) {
  try {
    follow(await api.job(id), name);
  } catch (error) {
    $('job-panel').hidden = false;
    report($('job-error'), error);
  }
}

async function cancel(id) {
  try {
    recent.update(await api.cancel(id));
  } catch (error) {
    report($('job-error'), error);
  }
}

function describeProgress(progress) {
  const words = [`Step ${progress.iteration} of at most ${progress.totalIterations}`];
  if (progress.etaSeconds != null && progress.iteration > 0) {
    words.push(`about ${formatSeconds(progress.etaSeconds)} left at most`);
  }
  if (progress.loss != null) {
    words.push(`loss ${progress.loss.toPrecision(3)}`);
  }
  return words.join(' · ');
}

function formatSeconds(seconds) {
  return seconds < 90 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`;
}

const STOPPED_BY = {
  auto: 'stopped by itself once the photo was explained',
  iterations: 'ran all its steps',
  'time-limit': 'used its whole time budget',
};

function render(job) {
  if (!shown || job.id !== shown.id) {
    return;
  }
  recent.update(job);
  const status = $('job-status');
  const bar = $('job-progress');
  $('cancel').hidden = api.FINAL.has(job.status);
  const progress = job.progress;
  if (progress) {
    bar.max = progress.totalIterations;
    bar.value = progress.iteration;
  }
  if (job.status === 'queued') {
    status.textContent = 'Waiting for a worker…';
  } else if (job.status === 'running') {
    status.textContent = job.cancelRequested ? 'Cancelling…' : progress ? describeProgress(progress) : 'Starting…';
    if (progress && progress.preview) {
      showPreview(job.id);
    }
  } else if (job.status === 'succeeded') {
    status.textContent = 'Done.';
    bar.value = bar.max;
    showResult(job);
  } else if (job.status === 'failed') {
    status.textContent = 'It did not work.';
    $('job-error').textContent = api.describeProblem(job.error || {});
  } else if (job.status === 'cancelled') {
    status.textContent = 'Cancelled.';
  }
}

/** Fetches the latest preview, one at a time: events may come faster than previews load. */
async function showPreview(id) {
  if (previewLoading) {
    return;
  }
  previewLoading = true;
  try {
    const preview = await api.blob(api.previewUrl(id));
    if (shown && shown.id === id) {
      $('preview-image').src = objectUrl('preview', preview);
      $('live-preview').hidden = false;
    }
  } catch {
    // A preview is a nicety: the next event brings another chance.
  } finally {
    previewLoading = false;
  }
}

async function showResult(job) {
  $('live-preview').hidden = true;
  $('result-panel').hidden = false;
  const result = job.result;
  const how = STOPPED_BY[result.stoppedBy] || '';
  const steps = result.iterations == null ? '' : ` after ${result.iterations} steps`;
  $('result-info').textContent = `${result.width} × ${result.height} pixels${steps}` + (how ? `; it ${how}.` : '.');
  const extension = result.contentType.split('/')[1].replace('jpeg', 'jpg');
  const base = shown.name.replace(/\.[^.]+$/, '');
  const download = $('download');
  download.removeAttribute('href');
  try {
    const [before, after] = await Promise.all([api.blob(api.inputUrl(job.id)), api.blob(api.resultUrl(job.id))]);
    compare.show(objectUrl('before', before), objectUrl('after', after));
    // A local copy, so the file gets the user's photo's name: the API's Content-Disposition would outrank it.
    download.href = objectUrl('download', after);
    download.download = `${base}-restored.${extension}`;
  } catch (error) {
    report($('job-error'), error);
  }
}

function useEraser(erasing) {
  painter.useEraser(erasing);
  $('brush').setAttribute('aria-pressed', String(!erasing));
  $('eraser').setAttribute('aria-pressed', String(erasing));
}

function brushSize(size) {
  $('brush-size').value = size;
  painter.setSize(Number($('brush-size').value));
}

photoInput.addEventListener('change', () => photoInput.files[0] && choosePhoto(photoInput.files[0]));
const dropZone = $('drop-zone');
dropZone.addEventListener('dragover', (event) => {
  event.preventDefault();
  dropZone.classList.add('over');
});
dropZone.addEventListener('dragleave', () => dropZone.classList.remove('over'));
dropZone.addEventListener('drop', (event) => {
  event.preventDefault();
  dropZone.classList.remove('over');
  const file = event.dataTransfer.files[0];
  if (file) {
    choosePhoto(file);
  }
});
task.addEventListener('change', showTaskControls);
$('brush').addEventListener('click', () => useEraser(false));
$('eraser').addEventListener('click', () => useEraser(true));
$('brush-size').addEventListener('input', () => painter.setSize(Number($('brush-size').value)));
$('clear-mask').addEventListener('click', () => painter.clear());
$('cancel').addEventListener('click', () => shown && cancel(shown.id));
document.addEventListener('keydown', (event) => {
  if (task.value !== 'inpaint' || event.target.matches('input, select, textarea')) {
    return;
  }
  const keys = {
    b: () => useEraser(false),
    e: () => useEraser(true),
    '[': () => brushSize(Number($('brush-size').value) - 2),
    ']': () => brushSize(Number($('brush-size').value) + 2),
  };
  if (keys[event.key]) {
    keys[event.key]();
  }
});
form.addEventListener('submit', submit);
$('api-key').value = api.apiKey();
$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  api.setApiKey($('api-key').value.trim());
  $('key-status').textContent = api.apiKey() ? 'Key saved in this browser.' : 'Key forgotten.';
  recent.refresh();
});

showTaskControls();
recent.render();
recent.refresh();
