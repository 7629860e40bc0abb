// The before-and-after view: the result laid over the input and revealed up to the slider, with zoom.

export class Compare {
  constructor({ container, before, after, slider, zoom }) {
    this.container = container;
    this.before = before;
    this.after = after;
    this.slider = slider;
    this.zoom = zoom;
    slider.addEventListener('input', () => this.reveal());
    zoom.addEventListener('change', () => this.scale());
  }

  /** Shows a result over its input; both are drawn at the result's size, so an enlargement compares fairly. */
  show(beforeUrl, afterUrl) {
    this.before.src = beforeUrl;
    this.after.src = afterUrl;
    this.after.onload = () => this.scale();
    this.reveal();
  }

  reveal() {
    const percent = Number(this.slider.value);
    this.after.style.clipPath = `inset(0 0 0 ${percent}%)`;
    this.slider.setAttribute('aria-valuetext', `${100 - percent}% of the width shows the result`);
  }

  scale() {
    const factor = Number(this.zoom.value);
    const natural = this.after.naturalWidth;
    this.container.style.width = factor === 1 || !natural ? '' : `${natural * factor}px`;
    this.container.classList.toggle('zoomed', factor > 1);
  }
}
