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
const recent = new RecentJobs($('recent'), { onOpen: (entry) => open(entry.id, entry.name), onCancel: (entry) => cancel(entry.id) });

let photo = null;
let shown = null;

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
    $('form-error').textContent = error.message;
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
    shown.stop = api.watch(job.id, render);
  }
}

async function open(id, name) {
  try {
    follow(await api.job(id), name);
  } catch (error) {
    $('job-panel').hidden = false;
    $('job-error').textContent = error.message;
  }
}

async function cancel(id) {
  try {
    recent.update(await api.cancel(id));
  } catch (error) {
    $('job-error').textContent = error.message;
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
      $('preview-image').src = api.previewUrl(job.id, progress.iteration);
      $('live-preview').hidden = false;
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

function showResult(job) {
  $('live-preview').hidden = true;
  $('result-panel').hidden = false;
  const result = job.result;
  const how = STOPPED_BY[result.stoppedBy] || '';
  const steps = result.iterations == null ? '' : ` after ${result.iterations} steps`;
  $('result-info').textContent = `${result.width} × ${result.height} pixels${steps}` + (how ? `; it ${how}.` : '.');
  compare.show(api.inputUrl(job.id), api.resultUrl(job.id));
  const extension = result.contentType.split('/')[1].replace('jpeg', 'jpg');
  const base = shown.name.replace(/\.[^.]+$/, '');
  offerDownload(api.resultUrl(job.id), `${base}-restored.${extension}`);
}

/**
 * Links the result as a file of the user's own photo's name. The API names results by job id, and a server's
 * Content-Disposition outranks the link's download name, so the link points at a local copy instead.
 */
async function offerDownload(url, name) {
  const download = $('download');
  if (download.href) {
    URL.revokeObjectURL(download.href);
  }
  download.removeAttribute('href');
  try {
    const response = await fetch(url);
    if (!response.ok) {
      throw new Error(response.statusText);
    }
    download.href = URL.createObjectURL(await response.blob());
    download.download = name;
  } catch {
    $('job-error').textContent = 'The result could not be fetched for download; try again.';
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

showTaskControls();
recent.render();
recent.refresh();
