// Settings · step-up codes: turning the authenticator check on (a QR code to scan, then a first
// code), the refund amount above which it asks, and turning it off.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, Lock, ShieldCheck, ShieldOff } from "lucide-react";
import { useState } from "react";
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
  return (
    <img
      className="qr"
      src={`data:image/svg+xml;utf8,${encodeURIComponent(svg)}`}
      alt="QR code to add Stardesk to your authenticator app"
      width={200}
      height={200}
    />
  );
}

function Enrol({ enrolment, onDone, onCancel }: { enrolment: Enrolment; onDone: (s: StepUpStatus) => void; onCancel: () => void }) {
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
          <div style={{ fontWeight: 600 }}>1. Scan the code with your authenticator app</div>
          <div className="muted small">Google Authenticator, Microsoft Authenticator, 1Password, Aegis or any app for 6-digit codes.</div>
        </div>
        <div>
          <div style={{ fontWeight: 600 }}>Or type the key into the app</div>
          <div className="row">
            <span className="mono ellipsis" data-test="stepup-secret">
              {enrolment.secret}
            </span>
            <CopyButton text={enrolment.secret} label="Copy key" />
          </div>
          <div className="row">
            <span className="mono ellipsis muted small" title={enrolment.uri}>
              {enrolment.uri}
            </span>
            <CopyButton text={enrolment.uri} label="Copy link" />
          </div>
        </div>
        <Field label="2. Enter the code the app shows" error={error} hint="This turns step-up codes on.">
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
            {confirm.isPending ? <Spinner /> : <ShieldCheck size={15} />} Turn on
          </button>
          <button className="btn" onClick={onCancel} disabled={confirm.isPending}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}

function Threshold({ status, onSaved }: { status: StepUpStatus; onSaved: (s: StepUpStatus) => void }) {
  const toast = useToast();
  const guard = useStepUpGuard();
  const [value, setValue] = useState(String(status.threshold));
  const stars = Number(value);
  const problem = !/^\d+$/.test(value) || stars < 1 || stars > MAX_THRESHOLD ? `Between 1 and ${num(MAX_THRESHOLD)} Stars.` : null;
  const save = useMutation({
    mutationFn: () => guard.run((code) => setStepUpThreshold(stars, code), "Changing when a code is asked takes a code."),
    onSuccess: (s) => {
      onSaved(s);
      toast.show("success", "Saved", `Refunds above ${num(s.threshold)} Stars ask for a code.`);
    },
    onError: (e) => {
      if (!isCancelled(e)) toast.show("error", "Not saved", errorMessage(e));
    },
  });
  return (
    <div className="row" style={{ alignItems: "flex-end" }}>
      <Field label="Ask for a code for refunds above (Stars)" error={problem}>
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
        {save.isPending && <Spinner />} Save
      </button>
      {guard.dialog}
    </div>
  );
}

export function StepUpSection() {
  const qc = useQueryClient();
  const toast = useToast();
  const q = useStepUpStatus();
  const guard = useStepUpGuard();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const saved = (s: StepUpStatus) => qc.setQueryData(["stepup"], s);

  const begin = useMutation({
    mutationFn: beginStepUp,
    onSuccess: setEnrolment,
    onError: (e) => toast.show("error", "Could not start", errorMessage(e)),
  });
  const disable = useMutation({
    mutationFn: () => guard.run((code) => disableStepUp(code), "Turning step-up codes off takes a code."),
    onSuccess: (s) => {
      saved(s);
      toast.show("success", "Step-up codes are off", "Refunds and settings no longer ask for a code.");
    },
    onError: (e) => {
      if (!isCancelled(e)) toast.show("error", "Still on", errorMessage(e));
    },
  });

  const s = q.data;
  return (
    <div className="card" data-test="stepup-section">
      <div className="card-head">
        <h2 className="row">
          <ShieldCheck size={16} /> Step-up codes
        </h2>
        {s && (s.enrolled ? <span className="badge green">On</span> : <span className="badge">Off</span>)}
      </div>
      {q.isLoading ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />
      ) : (
        s && (
          <div className="card-body form">
            <div className="help">
              Once on, refunds above {num(s.threshold)} Stars, refunding several orders, changing the bot token, changing the
              refund policy and turning this off ask for a code from your authenticator app. Five wrong codes lock these for
              5 minutes.
            </div>
            {s.locked_until !== null && (
              <div className="banner warn" role="status" style={{ marginBottom: 0 }}>
                <Lock size={18} color="var(--amber)" />
                <div className="grow">
                  <h3>Locked until {time(s.locked_until)}</h3>
                  <p>Too many wrong codes: refunds, token and policy changes wait until then.</p>
                </div>
              </div>
            )}
            {s.enrolled && s.locked_until === null && s.failures_left < 5 && (
              <div className="muted small row">
                <AlertTriangle size={13} /> {s.failures_left === 1 ? "One more wrong code locks" : `${num(s.failures_left)} more wrong codes lock`}{" "}
                these actions.
              </div>
            )}
            {enrolment ? (
              <Enrol
                enrolment={enrolment}
                onCancel={() => setEnrolment(null)}
                onDone={(st) => {
                  saved(st);
                  setEnrolment(null);
                  toast.show("success", "Step-up codes are on", "Risky actions now ask for a code from your authenticator app.");
                }}
              />
            ) : (
              <div className="setting-line">
                <Threshold key={s.threshold} status={s} onSaved={saved} />
                {s.enrolled ? (
                  <button className="btn danger" onClick={() => disable.mutate()} disabled={disable.isPending} data-test="stepup-off">
                    {disable.isPending ? <Spinner /> : <ShieldOff size={15} />} Turn off
                  </button>
                ) : (
                  <button className="btn primary" onClick={() => begin.mutate()} disabled={begin.isPending} data-test="stepup-on">
                    {begin.isPending ? <Spinner /> : <ShieldCheck size={15} />} Turn on
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
