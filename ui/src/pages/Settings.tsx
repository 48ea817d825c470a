// Settings: the window's language, the bot's token and state, the bot's texts (in each language
// the bot speaks), the terms and the seller's details sent with /terms, tips ("Support us"),
// notifications, how long invoices stay valid and the reminders after one expires unpaid, the
// limits against abuse, the reports' time zone and USD rate, the refund policy, step-up codes,
// support templates, the data folder.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, Bell, Bot, CheckCircle2, Copy, Eye, EyeOff, FolderOpen, KeyRound, LogOut, Package, Play, Power, RotateCw, Scale, ShieldCheck } from "lucide-react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { BotIdentity } from "../bindings/BotIdentity";
import type { Connected } from "../bindings/Connected";
import type { DeskStatus } from "../bindings/DeskStatus";
import type { TokenPlace } from "../bindings/TokenPlace";
import { checkToken, connectBot, disconnectBot, keychain, reconcile, restartBot, startBot, stopBot } from "../api/bot";
import { copyDemoCatalog } from "../api/catalog";
import { errorMessage, toAppError } from "../api/invoke";
import { saleNotifications, setSaleNotifications } from "../api/settings";
import { isCancelled, useStepUpGuard } from "../components/StepUp";
import { OperatorNameSection } from "../components/OperatorName";
import { useToast } from "../components/Toasts";
import { BotStateBadge, CopyButton, ErrorState, Loading, Spinner, Switch } from "../components/ui";
import { setStatus, useExpiryQueue, useStatus } from "../queries";
import { StopSellingDialog } from "../components/StopSelling";
import { BackgroundSection } from "./settings/Background";
import { LanguageSection } from "./settings/Language";
import { TextsSection } from "./settings/BotTexts";
import { InvoicesSection } from "./settings/Invoices";
import { LegalSection } from "./settings/Legal";
import { LimitsSection } from "./settings/Limits";
import { RefundPolicySection } from "./settings/RefundPolicy";
import { RemindersSection } from "./settings/Reminders";
import { ReportsSection } from "./settings/Reports";
import { StepUpSection } from "./settings/StepUp";
import { TemplatesSection } from "./settings/Templates";
import { TipsSection } from "./settings/Tips";
import { ReminderDays } from "./subscriptions/Expiry";

/** Where the token is kept, as the line under the bot's name says it. */
const placeKey = (place: TokenPlace) => `place.${place}` as const;

function TokenForm({ status, onConnected }: { status: DeskStatus; onConnected: (c: Connected) => void }) {
  const { t } = useTranslation("settings");
  const qc = useQueryClient();
  const toast = useToast();
  const [token, setToken] = useState("");
  const [identity, setIdentity] = useState<BotIdentity | null>(null);
  const [allowFile, setAllowFile] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState(false);
  const kc = useQuery({ queryKey: ["keychain"], queryFn: keychain, staleTime: Infinity });
  const guard = useStepUpGuard();

  const check = useMutation({
    mutationFn: () => checkToken(token),
    onSuccess: (id) => {
      setIdentity(id);
      setError(null);
    },
    onError: (e) => {
      setIdentity(null);
      setError(errorMessage(e));
    },
  });
  const connect = useMutation({
    mutationFn: () => guard.run((code) => connectBot(token, allowFile, code), t("token.stepUp")),
    onSuccess: (c) => {
      setStatus(qc, c.status);
      void qc.invalidateQueries();
      setToken("");
      setIdentity(null);
      toast.show("success", t("token.connected", { name: c.bot.username ?? c.bot.first_name }), t("token.connectedBody"));
      onConnected(c);
    },
    onError: (e) => {
      if (!isCancelled(e)) setError(errorMessage(e));
    },
  });
  const noKeychain = kc.data && !kc.data.available;

  return (
    <div className="form">
      <div className="help">
        {status.mode === "demo" ? t("token.helpDemo") : t("token.helpLive")}
      </div>
      <div className="field">
        <label htmlFor="token">{t("token.label")}</label>
        <div className="row">
          <input
            id="token"
            name="token"
            className="input mono"
            type={shown ? "text" : "password"}
            autoComplete="off"
            spellCheck={false}
            placeholder="123456789:AA…"
            value={token}
            aria-invalid={Boolean(error)}
            onChange={(e) => {
              setToken(e.target.value);
              setIdentity(null);
              setError(null);
            }}
          />
          <button
            className="btn ghost icon-only"
            type="button"
            aria-label={shown ? t("token.hide") : t("token.show")}
            aria-pressed={shown}
            aria-controls="token"
            title={shown ? t("token.hide") : t("token.show")}
            onClick={() => setShown((v) => !v)}
          >
            {shown ? <EyeOff size={15} /> : <Eye size={15} />}
          </button>
          <button className="btn" onClick={() => check.mutate()} disabled={!token.trim() || check.isPending}>
            {check.isPending ? <Spinner /> : <CheckCircle2 size={15} />} {t("token.check")}
          </button>
        </div>
        {error && (
          <div className="error" role="alert">
            <AlertTriangle size={13} /> {error}
          </div>
        )}
      </div>
      {identity && (
        <div className="identity">
          <Bot size={22} color="var(--green)" />
          <div className="grow">
            <div style={{ fontWeight: 600 }}>{identity.first_name}</div>
            <div className="muted small">
              {identity.username ? `@${identity.username}` : t("token.noUsername")} · {t("token.botId", { id: identity.id })}
            </div>
          </div>
          <CheckCircle2 size={18} color="var(--green)" />
        </div>
      )}
      {noKeychain && (
        <div className="banner warn" style={{ marginBottom: 0 }}>
          <KeyRound size={18} color="var(--amber)" />
          <div className="grow">
            <h3>{t("token.noKeychainTitle")}</h3>
            <p>{kc.data?.reason ? t("token.noKeychainBodyReason", { reason: kc.data.reason }) : t("token.noKeychainBody")}</p>
            <label className="row small" style={{ marginTop: 8 }}>
              <input type="checkbox" checked={allowFile} onChange={(e) => setAllowFile(e.target.checked)} />
              {t("token.allowFile")}
            </label>
          </div>
        </div>
      )}
      <div className="row">
        <button
          className="btn primary"
          disabled={!token.trim() || connect.isPending || (noKeychain && !allowFile)}
          onClick={() => connect.mutate()}
        >
          {connect.isPending ? <Spinner /> : <Play size={15} />} {t("token.connect")}
        </button>
        <span className="muted small">{t("token.neverShown")}</span>
      </div>
      {guard.dialog}
    </div>
  );
}

/**
 * Right after connecting: the real shop's catalog is empty and the demo shop has `count` products
 * on sale, so offer to bring them over rather than have the merchant type them again.
 */
function DemoCatalogOffer({ count, onClose }: { count: number; onClose: () => void }) {
  const { t } = useTranslation("settings");
  const qc = useQueryClient();
  const toast = useToast();
  // `isPending` reaches the button a render later; a double click is quicker than that.
  const copying = useRef(false);
  const copy = useMutation({
    mutationFn: copyDemoCatalog,
    onSuccess: (n) => {
      void qc.invalidateQueries({ queryKey: ["products"] });
      void qc.invalidateQueries({ queryKey: ["overview"] });
      toast.show("success", t("demoOffer.copied", { count: n }), t("demoOffer.copiedBody"));
      onClose();
    },
    onError: (e) => {
      toast.show("error", t("demoOffer.notCopied"), errorMessage(e));
      // The shop has products of its own by now: there is nothing left to offer.
      if (toAppError(e).code === "conflict") onClose();
    },
    onSettled: () => {
      copying.current = false;
    },
  });
  const start = () => {
    if (copying.current) return;
    copying.current = true;
    copy.mutate();
  };
  return (
    <section className="banner demo" aria-labelledby="demo-offer-title" style={{ marginBottom: 0 }}>
      <div className="icon">
        <Package size={18} />
      </div>
      <div className="grow">
        <h3 id="demo-offer-title">{t("demoOffer.title")}</h3>
        <p>{count === 1 ? t("demoOffer.bodySingle") : t("demoOffer.body", { count })}</p>
      </div>
      <button className="btn" onClick={onClose} disabled={copy.isPending}>
        {t("demoOffer.noThanks")}
      </button>
      <button className="btn primary" onClick={start} disabled={copy.isPending}>
        {copy.isPending ? <Spinner /> : <Copy size={15} />} {t("demoOffer.copy")}
      </button>
    </section>
  );
}

function BotSection({ status }: { status: DeskStatus }) {
  const { t } = useTranslation("settings");
  const qc = useQueryClient();
  const toast = useToast();
  // Demo products the new real shop could take; 0 when there is nothing (more) to offer.
  const [demoOffer, setDemoOffer] = useState(0);
  const guard = useStepUpGuard();
  const run = useMutation({
    mutationFn: (what: "start" | "stop" | "restart" | "disconnect") =>
      what === "start"
        ? startBot()
        : what === "stop"
          ? stopBot()
          : what === "restart"
            ? restartBot()
            : guard.run((code) => disconnectBot(code), t("bot.stepUpDisconnect")),
    onSuccess: (s, what) => {
      setStatus(qc, s);
      if (what === "disconnect") {
        setDemoOffer(0);
        void qc.invalidateQueries();
        toast.show("success", t("bot.disconnected"), t("bot.disconnectedBody"));
      }
    },
    onError: (e, what) => {
      if (!isCancelled(e)) toast.show("error", what === "disconnect" ? t("bot.notDisconnected") : t("bot.noResponse"), errorMessage(e));
    },
  });
  const ledger = useMutation({
    mutationFn: reconcile,
    onSuccess: (r) =>
      toast.show(
        "success",
        t("bot.ledger.done"),
        [
          t("bot.ledger.scanned", { count: r.scanned }),
          t("bot.ledger.recovered", { count: r.recovered }),
          t("bot.ledger.refunds", { count: r.refunds_recorded }),
        ].join(", ") + (r.affiliates_recorded > 0 ? t("bot.ledger.affiliates", { count: r.affiliates_recorded }) : t("bot.ledger.end")),
      ),
    onError: (e) => toast.show("error", t("bot.ledger.failed"), errorMessage(e)),
  });
  const [askingStop, setAskingStop] = useState(false);
  const { bot } = status;
  return (
    <div className="card">
      <div className="card-head">
        <h2 className="row">
          <Bot size={16} /> {t("bot.title")}
        </h2>
        <div className="row">
          {status.mode === "demo" && <span className="badge accent">{t("bot.demoMode")}</span>}
          <BotStateBadge state={bot.state} />
        </div>
      </div>
      <div className="card-body form">
        <div className="setting-line">
          <div>
            <div style={{ fontWeight: 600 }}>{bot.bot_username ? `@${bot.bot_username}` : t("bot.noName")}</div>
            <div className="muted small">
              {status.mode === "demo"
                ? status.simulator_url
                  ? t("bot.simulatorAt", { url: status.simulator_url })
                  : t("bot.simulator")
                : status.token_place
                  ? t("bot.tokenKept", { place: t(placeKey(status.token_place)) })
                  : ""}
              {bot.last_error && bot.state === "failing" && <span style={{ color: "var(--red)" }}> {bot.last_error}</span>}
            </div>
          </div>
          <div className="row">
            {bot.state === "stopped" ? (
              <button className="btn primary" onClick={() => run.mutate("start")} disabled={run.isPending}>
                <Play size={15} /> {t("bot.start")}
              </button>
            ) : (
              <>
                <button className="btn" onClick={() => run.mutate("restart")} disabled={run.isPending}>
                  <RotateCw size={15} /> {t("bot.restart")}
                </button>
                <button className="btn" onClick={() => setAskingStop(true)} disabled={run.isPending} data-test="stop-bot">
                  <Power size={15} /> {t("bot.stop")}
                </button>
              </>
            )}
          </div>
        </div>
        {status.mode === "live" && (
          <div className="setting-line">
            <div className="muted small">{t("bot.ledgerNote")}</div>
            <div className="row">
              <button className="btn" onClick={() => ledger.mutate()} disabled={ledger.isPending || bot.state === "stopped"}>
                {ledger.isPending ? <Spinner /> : <Scale size={15} />} {t("bot.checkLedger")}
              </button>
              {status.token_place !== "environment" && (
                <button className="btn danger" onClick={() => run.mutate("disconnect")} disabled={run.isPending}>
                  <LogOut size={15} /> {t("bot.disconnect")}
                </button>
              )}
            </div>
          </div>
        )}
        {demoOffer > 0 && status.mode === "live" && <DemoCatalogOffer count={demoOffer} onClose={() => setDemoOffer(0)} />}
        <hr style={{ border: 0, borderTop: "1px solid var(--border)", margin: "2px 0" }} />
        <TokenForm status={status} onConnected={(c) => setDemoOffer(c.demo_products)} />
      </div>
      {guard.dialog}
      {askingStop && (
        <StopSellingDialog
          onCancel={() => setAskingStop(false)}
          onStop={() => {
            setAskingStop(false);
            run.mutate("stop");
          }}
        />
      )}
    </div>
  );
}

function NotificationsSection() {
  const { t } = useTranslation("settings");
  const qc = useQueryClient();
  const toast = useToast();
  const q = useQuery({ queryKey: ["notifications"], queryFn: saleNotifications });
  const m = useMutation({
    mutationFn: (on: boolean) => setSaleNotifications(on),
    onSuccess: (_, on) => qc.setQueryData(["notifications"], on),
    onError: (e) => toast.show("error", t("notChanged"), errorMessage(e)),
  });
  return (
    <div className="card">
      <div className="card-body setting-line">
        <div className="row">
          <Bell size={18} />
          <div>
            <div style={{ fontWeight: 600 }}>{t("notifications.title")}</div>
            <div className="muted small">{t("notifications.body")}</div>
          </div>
        </div>
        <Switch checked={q.data ?? true} disabled={q.isLoading || m.isPending} onChange={(on) => m.mutate(on)} label={t("notifications.title")} />
      </div>
    </div>
  );
}

function DataSection({ status }: { status: DeskStatus }) {
  const { t } = useTranslation("settings");
  return (
    <div className="card">
      <div className="card-body setting-line">
        <div className="row" style={{ minWidth: 0 }}>
          <FolderOpen size={18} />
          <div style={{ minWidth: 0 }}>
            <div style={{ fontWeight: 600 }}>{status.mode === "demo" ? t("data.demoTitle") : t("data.title")}</div>
            <div className="muted small mono ellipsis" title={status.data_dir}>
              {status.data_dir}
            </div>
            <div className="muted small row">
              <ShieldCheck size={12} />
              {" " + (status.mode === "demo" ? t("data.demoNote") : t("data.note"))}
            </div>
          </div>
        </div>
        <CopyButton text={status.data_dir} label={t("data.copyPath")} />
      </div>
    </div>
  );
}

/** Reminders before a cancelled subscription ends: the same setting as on the Expiry queue. */
function SubscriptionReminders() {
  const queue = useExpiryQueue();
  return queue.data ? <ReminderDays days={queue.data.reminder_days} /> : null;
}

export function SettingsPage() {
  const { t } = useTranslation("settings");
  const status = useStatus();
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{t("pages.settings", { ns: "common" })}</h1>
          <p>{t("subtitle")}</p>
        </div>
      </div>
      {status.isLoading ? (
        <Loading />
      ) : status.isError ? (
        <ErrorState message={errorMessage(status.error)} onRetry={() => status.refetch()} />
      ) : (
        <div className="settings">
          <LanguageSection />
          <OperatorNameSection />
          <BotSection status={status.data!} />
          <TextsSection />
          <LegalSection />
          <TipsSection />
          <NotificationsSection />
          <InvoicesSection />
          <RemindersSection />
          <LimitsSection />
          <ReportsSection />
          <BackgroundSection />
          <SubscriptionReminders />
          <RefundPolicySection />
          <StepUpSection />
          <TemplatesSection />
          <DataSection status={status.data!} />
        </div>
      )}
    </div>
  );
}
