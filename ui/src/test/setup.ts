import "@testing-library/jest-dom/vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { cleanup } from "@testing-library/react";
import { afterEach, beforeAll } from "vitest";
import "../i18n";

beforeAll(() => {
  // jsdom has no layout: give scroll containers a size so the virtual table renders rows.
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, "offsetHeight", { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, "offsetWidth", { configurable: true, get: () => 1000 });
  HTMLElement.prototype.getBoundingClientRect = function () {
    return { x: 0, y: 0, top: 0, left: 0, right: 1000, bottom: 600, width: 1000, height: 600, toJSON: () => ({}) };
  };
  HTMLElement.prototype.scrollIntoView = function () {};
  // Scrolling sets the offset at once and says so a moment later, as a browser does; the
  // virtual table follows the event.
  HTMLElement.prototype.scrollTo = function (this: HTMLElement, options?: ScrollToOptions | number) {
    if (typeof options !== "object") return;
    if (options.top !== undefined) this.scrollTop = options.top;
    if (options.left !== undefined) this.scrollLeft = options.left;
    setTimeout(() => this.dispatchEvent(new Event("scroll")), 0);
  } as never;
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  // Chart.js draws on a canvas jsdom does not have; without a context it simply draws nothing.
  HTMLCanvasElement.prototype.getContext = (() => null) as never;
  polyfillModalDialog();
});

/**
 * jsdom has <dialog> but not showModal() or close(). This adds what the app relies on: the open
 * attribute, Escape as a cancelable `cancel` on the newest modal dialog, and a queued `close`.
 * Focus is left alone on purpose, so that tests see where the app itself puts it.
 */
function polyfillModalDialog() {
  const modals: HTMLDialogElement[] = [];
  HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
    if (this.open) return;
    if (!this.isConnected) throw new DOMException("The dialog is not in a document.", "InvalidStateError");
    this.setAttribute("open", "");
    modals.push(this);
  };
  HTMLDialogElement.prototype.close = function (this: HTMLDialogElement) {
    if (!this.open) return;
    this.removeAttribute("open");
    if (modals.includes(this)) modals.splice(modals.indexOf(this), 1);
    setTimeout(() => this.dispatchEvent(new Event("close")), 0);
  };
  // A browser turns Escape into a close request after the page had its keydown.
  window.addEventListener("keydown", (e) => {
    if (e.key !== "Escape" || e.defaultPrevented) return;
    const top = modals.filter((d) => d.isConnected).at(-1);
    if (top && top.dispatchEvent(new Event("cancel", { cancelable: true }))) top.close();
  });
}

afterEach(async () => {
  cleanup();
  // Unmounting unlistens asynchronously; let that finish before the mocks go.
  await new Promise((r) => setTimeout(r, 0));
  clearMocks();
});
