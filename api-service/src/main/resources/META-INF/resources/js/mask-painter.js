// Painting an inpainting mask right on the photo. The mask canvas has the photo's own pixel size, so what is
// painted maps one to one onto the photo whatever size the page shows it at.

const HOLE_COLOUR = 'rgba(255, 0, 80, 0.55)';

export class MaskPainter {
  constructor(canvas) {
    this.canvas = canvas;
    this.context = canvas.getContext('2d');
    this.erasing = false;
    this.size = 12;
    this.painted = false;
    this.last = null;
    canvas.addEventListener('pointerdown', (e) => this.start(e));
    canvas.addEventListener('pointermove', (e) => this.move(e));
    canvas.addEventListener('pointerup', () => this.end());
    canvas.addEventListener('pointercancel', () => this.end());
  }

  /** Starts a fresh mask for a photo of this size. */
  reset(width, height) {
    this.canvas.width = width;
    this.canvas.height = height;
    this.clear();
  }

  clear() {
    this.context.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.painted = false;
  }

  useEraser(erasing) {
    this.erasing = erasing;
  }

  /** The brush diameter in the photo's pixels. */
  setSize(size) {
    this.size = Math.max(1, size);
  }

  /** The pointer position in the photo's pixels, whatever the canvas's displayed size. */
  point(event) {
    const box = this.canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) * this.canvas.width) / box.width,
      y: ((event.clientY - box.top) * this.canvas.height) / box.height,
    };
  }

  start(event) {
    event.preventDefault();
    this.canvas.setPointerCapture(event.pointerId);
    this.last = this.point(event);
    this.stroke(this.last, this.last);
  }

  move(event) {
    if (!this.last) {
      return;
    }
    const next = this.point(event);
    this.stroke(this.last, next);
    this.last = next;
  }

  end() {
    if (this.last) {
      this.last = null;
      this.painted = this.hasHoles();
    }
  }

  stroke(from, to) {
    const c = this.context;
    c.globalCompositeOperation = this.erasing ? 'destination-out' : 'source-over';
    c.strokeStyle = HOLE_COLOUR;
    c.lineWidth = this.size;
    c.lineCap = 'round';
    c.beginPath();
    c.moveTo(from.x, from.y);
    c.lineTo(to.x + 0.01, to.y);
    c.stroke();
  }

  hasHoles() {
    const { data } = this.context.getImageData(0, 0, this.canvas.width, this.canvas.height);
    for (let i = 3; i < data.length; i += 4) {
      if (data[i] > 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * The mask in the API's gray convention, as a PNG: white where the photo is kept, black where it is to be
   * filled. Any painted coverage counts as a hole, so anti-aliased stroke edges are filled rather than kept.
   */
  toBlob() {
    const { width, height } = this.canvas;
    const painted = this.context.getImageData(0, 0, width, height).data;
    const out = document.createElement('canvas');
    out.width = width;
    out.height = height;
    const context = out.getContext('2d');
    const mask = context.createImageData(width, height);
    for (let i = 0; i < painted.length; i += 4) {
      const value = painted[i + 3] > 0 ? 0 : 255;
      mask.data[i] = value;
      mask.data[i + 1] = value;
      mask.data[i + 2] = value;
      mask.data[i + 3] = 255;
    }
    context.putImageData(mask, 0, 0);
    return new Promise((resolve) => out.toBlob(resolve, 'image/png'));
  }
}
