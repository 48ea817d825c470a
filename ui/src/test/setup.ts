import "@testing-library/jest-dom/vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { cleanup } from "@testing-library/react";
import { afterEach, beforeAll } from "vitest";

beforeAll(() => {
  // jsdom has no layout: give scroll containers a size so the virtual table renders rows.
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, "offsetHeight", { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, "offsetWidth", { configurable: true, get: () => 1000 });
  HTMLElement.prototype.getBoundingClientRect = function () {
    return { x: 0, y: 0, top: 0, left: 0, right: 1000, bottom: 600, width: 1000, height: 600, toJSON: () => ({}) };
  };
  HTMLElement.prototype.scrollIntoView = function () {};
  HTMLElement.prototype.scrollTo = function () {} as never;
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  // Chart.js draws on a canvas jsdom does not have; without a context it simply draws nothing.
  HTMLCanvasElement.prototype.getContext = (() => null) as never;
});

afterEach(async () => {
  cleanup();
  // Unmounting unlistens asynchronously; let that finish before the mocks go.
  await new Promise((r) => setTimeout(r, 0));
  clearMocks();
});
