// WCAG contrast of an element's text against what is really behind it: the text colour and the
// element's background are composited as the browser paints them (alpha, the opacity of the
// element and its ancestors, transparent backgrounds filled from the ancestors'), so a disabled
// button faded with `opacity` or drawn on a transparent background is measured as seen.
import type { Page } from 'playwright-core';

export function contrastOf(page: Page, selector: string): Promise<number> {
  return page.evaluate(async (sel) => {
    type Rgba = [number, number, number, number];
    const parse = (value: string): Rgba => {
      if (!/^rgba?\(/.test(value)) throw new Error(`cannot measure the colour ${value}`);
      const parts = value.match(/[\d.]+/g)!.map(Number);
      return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
    };
    const over = (top: Rgba, bottom: Rgba): Rgba => {
      const a = top[3] + bottom[3] * (1 - top[3]);
      if (a === 0) return [0, 0, 0, 0];
      const mix = (i: number) => (top[i]! * top[3] + bottom[i]! * bottom[3] * (1 - top[3])) / a;
      return [mix(0), mix(1), mix(2), a];
    };
    const el = document.querySelector(sel);
    if (!el) throw new Error(`no element matches ${sel}`);
    // Measure the settled colours, not a transition's frame (a theme switch animates them).
    for (let node: Element | null = el; node; node = node.parentElement) {
      const finite = node.getAnimations().filter((a) => Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity));
      await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
    }
    // Paint one pixel as the browser composites layers: from the element outwards, each
    // node's content (what its descendants painted) over its own background, the result faded by
    // the node's opacity, then onto its parent; finally onto the page's white canvas.
    const paint = (top: Rgba | null): Rgba => {
      let content: Rgba = top ?? [0, 0, 0, 0];
      for (let node: Element | null = el; node; node = node.parentElement) {
        const style = getComputedStyle(node);
        const withBackground = over(content, parse(style.backgroundColor));
        content = [withBackground[0], withBackground[1], withBackground[2], withBackground[3] * Number(style.opacity)];
      }
      return over(content, [255, 255, 255, 1]);
    };
    const seen = paint(parse(getComputedStyle(el).color));
    const behind = paint(null);
    const luminance = ([r, g, b]: Rgba) => {
      const [R, G, B] = [r, g, b].map((c) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * R! + 0.7152 * G! + 0.0722 * B!;
    };
    const a = luminance(seen);
    const b = luminance(behind);
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }, selector);
}
