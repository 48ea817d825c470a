import "@fontsource-variable/inter/wght.css";
import "./styles.css";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { windowReady } from "./api/window";
import "./i18n";
import { App } from "./App";
import { ToastProvider } from "./components/Toasts";
import { LiveProvider } from "./live";
import { startLanguage, UI_LANGUAGE_KEY } from "./pages/settings/uiLanguage";

// Core's events keep the caches fresh, so nothing refetches on a timer or on focus.
const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 60_000, refetchOnWindowFocus: false, retry: 1 },
  },
});

function render() {
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>
          <LiveProvider>
            <App />
          </LiveProvider>
        </ToastProvider>
      </QueryClientProvider>
    </StrictMode>,
  );

  // Two frames after the first render the window has painted; the shell times it.
  requestAnimationFrame(() => requestAnimationFrame(() => void windowReady().catch(() => {})));
}

// The window speaks the shop's language from its first frame (the system's if the core cannot say).
void startLanguage((choice) => queryClient.setQueryData(UI_LANGUAGE_KEY, choice)).finally(render);
