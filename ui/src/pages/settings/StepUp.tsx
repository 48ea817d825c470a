// Settings · step-up codes: turning the authenticator check on (a QR code to scan, then a first
// code), the refund amount above which it asks, and turning it off.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, Lock, ShieldCheck, ShieldOff } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Enrolment } from "../../bindings/Enrolment";
import type { StepUpStatus } from "../../bindings/StepUpStatus";
import { errorMessage } from "../../api/invoke";
import { beginStepUp, confirmStepUp, disableStepUp, setStepUpThreshold } from "../../api/stepup";
import { isCancelled, useStepUpGuard } from "../../components/StepUp";
import { useToast } from "../../components/Toasts";
import { CopyButton, ErrorState, Field, Loading, Spinner } from "../../components/ui";
import { num, time } from "../../lib/format";
import { useStepUpStatus } from "../../queries";

const MAX_THRESHOLD = 100_000;

/** The QR code comes as an SVG document: shown as an image, so nothing in it runs or styles the page. */
export function QrCode({ svg }: { svg: string }) {
  const { t } = useTranslation("settings");
  return (
    <img
      className="qr"
      src={`data:image/svg+xml;utf8,${encodeURIComponent(svg)}`}
      alt={t("stepUp.qrAlt")}
      width={200}
      height={200}
    />
  );
}

function Enrol({ enrolment, onDone, onCancel }: { enrolment: Enrolment; onDone: (s: StepUpStatus) => void; onCancel: () => void }) {
  const { t } = useTranslation("settings");
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const confirm = useMutation({
    mutationFn: () => confirmStepUp(code),
    onSuccess: onDone,
    onError: (e) => {
      setCode("");
      setError(errorMessage(e));
    },
  });
  const submit = () => {
    if (code.length === 6 && !confirm.isPending) confirm.mutate();
  };
  return (
    <div className="enrol">
      <QrCode svg={enrolment.qr_svg} />
      <div className="form grow" style={{ minWidth: 0 }}>
        <div>
          <div style={{ fontWeight: 600 }}>{t("stepUp.scan")}</div>
          <div className="muted small">{t("stepUp.apps")}</div>
        </div>
        <div>
          <div style={{ fontWeight: 600 }}>{t("stepUp.orType")}</div>
          <div className="row">
            <span className="mono ellipsis" data-test="stepup-secret">
              {enrolment.secret}
            </span>
            <CopyButton text={enrolment.secret} label={t("stepUp.copyKey")} />
          </div>
          <div className="row">
            <span className="mono ellipsis muted small" title={enrolment.uri}>
              {enrolment.uri}
            </span>
            <CopyButton text={enrolment.uri} label={t("stepUp.copyLink")} />
          </div>
        </div>
        <Field label={t("stepUp.enterCode")} error={error} hint={t("stepUp.enterHint")}>
          {(p) => (
            <input
              {...p}
              className="input mono code-input"
              name="one-time-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]*"
              maxLength={6}
              placeholder="123456"
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, "").slice(0, 6))}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  submit();
                }
              }}
              data-test="stepup-confirm-code"
            />
          )}
        </Field>
        <div className="row">
          <button className="btn primary" onClick={submit} disabled={code.length !== 6 || confirm.isPending}>
            {confirm.isPending ? <Spinner /> : <ShieldCheck size={15} />} {t("stepUp.turnOn")}
          </button>
          <button className="btn" onClick={onCancel} disabled={confirm.isPending}>
            {t("actions.cancel", { ns: "common" })}
          </button>
        </div>
      </div>
    </div>
  );
}

function Threshold({ status, onSaved }: { status: StepUpStatus; onSaved: (s: StepUpStatus) => void }) {
  const { t } = useTranslation("settings");
  const toast = useToast();
  const guard = useStepUpGuard();
  const [value, setValue] = useState(String(status.threshold));
  const stars = Number(value);
  const problem = !/^\d+$/.test(value) || stars < 1 || stars > MAX_THRESHOLD ? t("stepUp.between", { max: num(MAX_THRESHOLD) }) : null;
  const save = useMutation({
    mutationFn: () => guard.run((code) => setStepUpThreshold(stars, code), t("stepUp.thresholdStepUp")),
    onSuccess: (s) => {
      onSaved(s);
      toast.show("success", t("stepUp.saved"), t("stepUp.savedBody", { stars: num(s.threshold) }));
    },
    onError: (e) => {
      if (!isCancelled(e)) toast.show("error", t("notSaved"), errorMessage(e));
    },
  });
  return (
    <div className="row" style={{ alignItems: "flex-end" }}>
      <Field label={t("stepUp.thresholdLabel")} error={problem}>
        {(p) => (
          <input
            {...p}
            className="input"
            name="stepup-threshold"
            inputMode="numeric"
            value={value}
            onChange={(e) => setValue(e.target.value.trim())}
            style={{ width: 160 }}
          />
        )}
      </Field>
      <button
        className="btn"
        onClick={() => save.mutate()}
        disabled={Boolean(problem) || stars === status.threshold || save.isPending}
        style={{ marginBottom: problem ? 22 : 0 }}
      >
        {save.isPending && <Spinner />} {t("actions.save", { ns: "common" })}
      </button>
      {guard.dialog}
    </div>
  );
}

export function StepUpSection() {
  const { t } = useTranslation("settings");
  const qc = useQueryClient();
  const toast = useToast();
  const q = useStepUpStatus();
  const guard = useStepUpGuard();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const saved = (s: StepUpStatus) => qc.setQueryData(["stepup"], s);

  const begin = useMutation({
    mutationFn: beginStepUp,
    onSuccess: setEnrolment,
    onError: (e) => toast.show("error", t("stepUp.couldNotStart"), errorMessage(e)),
  });
  const disable = useMutation({
    mutationFn: () => guard.run((code) => disableStepUp(code), t("stepUp.disableStepUp")),
    onSuccess: (s) => {
      saved(s);
      toast.show("success", t("stepUp.offTitle"), t("stepUp.offBody"));
    },
    onError: (e) => {
      if (!isCancelled(e)) toast.show("error", t("stepUp.stillOn"), errorMessage(e));
    },
  });

  const s = q.data;
  return (
    <div className="card" data-test="stepup-section">
      <div className="card-head">
        <h2 className="row">
          <ShieldCheck size={16} /> {t("stepUp.title")}
        </h2>
        {s && (s.enrolled ? <span className="badge green">{t("on")}</span> : <span className="badge">{t("off")}</span>)}
      </div>
      {q.isLoading ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />
      ) : (
        s && (
          <div className="card-body form">
            <div className="help">{t("stepUp.help", { stars: num(s.threshold) })}</div>
            {s.locked_until !== null && (
              <div className="banner warn" role="status" style={{ marginBottom: 0 }}>
                <Lock size={18} color="var(--amber)" />
                <div className="grow">
                  <h3>{t("stepUp.lockedUntil", { time: time(s.locked_until) })}</h3>
                  <p>{t("stepUp.lockedBody")}</p>
                </div>
              </div>
            )}
            {s.enrolled && s.locked_until === null && s.failures_left < 5 && (
              <div className="muted small row">
                <AlertTriangle size={13} /> {t("stepUp.failuresLeft", { count: s.failures_left })}
              </div>
            )}
            {enrolment ? (
              <Enrol
                enrolment={enrolment}
                onCancel={() => setEnrolment(null)}
                onDone={(st) => {
                  saved(st);
                  setEnrolment(null);
                  toast.show("success", t("stepUp.onTitle"), t("stepUp.onBody"));
                }}
              />
            ) : (
              <div className="setting-line">
                <Threshold key={s.threshold} status={s} onSaved={saved} />
                {s.enrolled ? (
                  <button className="btn danger" onClick={() => disable.mutate()} disabled={disable.isPending} data-test="stepup-off">
                    {disable.isPending ? <Spinner /> : <ShieldOff size={15} />} {t("stepUp.turnOff")}
                  </button>
                ) : (
                  <button className="btn primary" onClick={() => begin.mutate()} disabled={begin.isPending} data-test="stepup-on">
                    {begin.isPending ? <Spinner /> : <ShieldCheck size={15} />} {t("stepUp.turnOn")}
                  </button>
                )}
              </div>
            )}
          </div>
        )
      )}
      {guard.dialog}
    </div>
  );
}
