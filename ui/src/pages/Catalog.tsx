// Catalog: what is on sale. Create, edit, archive and restore products; codes and files; links;
// the product suggested under each one's receipt ("customers also bought").

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Archive,
  ArchiveRestore,
  FileText,
  FileUp,
  KeyRound,
  Link2,
  ListChecks,
  Lock,
  Package,
  Pencil,
  Plus,
  Search,
  Type,
  Upload,
} from "lucide-react";
import i18next from "i18next";
import { type ChangeEvent, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Channel } from "../bindings/Channel";
import type { CodeImport } from "../bindings/CodeImport";
import type { Kind } from "../bindings/Kind";
import type { Product } from "../bindings/Product";
import type { ProductDraft } from "../bindings/ProductDraft";
import {
  alsoBought,
  checkCodes,
  createProduct,
  importCodes,
  setAlsoBought,
  setLowStock,
  setProductActive,
  setProductFile,
  updateProduct,
} from "../api/catalog";
import { errorMessage } from "../api/invoke";
import { useToast } from "../components/Toasts";
import { CopyButton, EmptyState, ErrorState, Field, Loading, Modal, Segmented, Spinner, Stars } from "../components/ui";
import { num } from "../lib/format";
import {
  CONTENT_MAX,
  DESCRIPTION_MAX,
  TITLE_MAX,
  channelChoiceProblem,
  contentProblem,
  deepLink,
  descriptionProblem,
  optionalCountProblem,
  priceProblem,
  titleProblem,
} from "../lib/productRules";
import { fold } from "../lib/fold";
import { channelProblem } from "../lib/subscriptionRules";
import { useChannels, useProducts, useStatus } from "../queries";
import { CodesDrawer } from "./catalog/Codes";
import { lowStockProblem, recordChunks, runningLow } from "./catalog/stock";

/** The kinds of product, in the order the form offers them; their words are `kinds.<kind>`. */
const KINDS: { value: Kind; icon: React.ReactNode }[] = [
  { value: "text", icon: <Type size={14} /> },
  { value: "code", icon: <KeyRound size={14} /> },
  { value: "file", icon: <FileText size={14} /> },
  { value: "channel", icon: <Lock size={14} /> },
];

/** A kind's name in the window's language ("Code pool"). */
const kindLabel = (k: Kind) => i18next.t(`catalog:kinds.${k}.label`);

function stockText(p: Product): { text: string; tone: string } {
  if (p.stock_left === null) return { text: i18next.t("catalog:stock.unlimited"), tone: "" };
  if (p.stock_left === 0) return { text: i18next.t("catalog:stock.soldOut"), tone: "var(--red)" };
  return { text: i18next.t("catalog:stock.left", { count: p.stock_left }), tone: runningLow(p) ? "var(--amber)" : "" };
}

function ProductCard({
  product,
  botUsername,
  onEdit,
  onCodes,
  onList,
}: {
  product: Product;
  botUsername: string | null;
  onEdit: () => void;
  onCodes: () => void;
  onList: () => void;
}) {
  const { t } = useTranslation(["catalog", "common"]);
  const qc = useQueryClient();
  const toast = useToast();
  const changed = () => {
    void qc.invalidateQueries({ queryKey: ["products"] });
    void qc.invalidateQueries({ queryKey: ["overview"] });
  };
  const restore = useMutation({
    mutationFn: () => setProductActive(product.id, true),
    onSuccess: (p) => {
      changed();
      toast.show("success", t("card.onSaleAgain", { title: p.title }));
    },
    onError: (e) => toast.show("error", t("card.restoreFailed"), errorMessage(e)),
  });
  const toggle = useMutation({
    mutationFn: () => setProductActive(product.id, !product.active),
    onSuccess: (p) => {
      changed();
      if (p.active) toast.show("success", t("card.onSaleAgain", { title: p.title }));
      else
        toast.show("success", t("card.archivedToast", { title: p.title }), t("card.archivedDetail"), {
          label: t("common:actions.undo"),
          run: () => restore.mutate(),
        });
    },
    onError: (e) => toast.show("error", t("card.changeFailed"), errorMessage(e)),
  });
  const stock = stockText(product);
  const kind = KINDS.find((k) => k.value === product.kind)!;
  return (
    <div className={`card product ${product.active ? "" : "archived"}`} data-product-id={product.id}>
      <div className="row">
        <span className="badge accent">
          {kind.icon} {t(`kinds.${kind.value}.label`)}
        </span>
        {product.active ? (
          <span className="badge green">
            <span className="dot" /> {t("card.onSale")}
          </span>
        ) : (
          <span className="badge">{t("card.archived")}</span>
        )}
        {product.active && runningLow(product) && (
          <span className="badge amber" data-test="running-low-badge" title={t("stock.warnsAtLeft", { n: num(product.low_stock) })}>
            {product.stock_left === 0 ? t("stock.soldOut") : t("stock.runningLow")}
          </span>
        )}
        <span className="grow" />
        <span className="muted small">#{product.id}</span>
      </div>
      <h3>{product.title}</h3>
      <div className="desc">{product.description || <span className="muted">{t("card.noDescription")}</span>}</div>
      <div className="facts">
        <div>
          <div className="k">{t("card.price")}</div>
          <div className="v">
            <Stars n={product.price} />
          </div>
        </div>
        <div>
          <div className="k">{t("card.stock")}</div>
          <div className="v" style={{ color: stock.tone || undefined }}>
            {stock.text}
          </div>
        </div>
        <div>
          <div className="k">{t("card.limit")}</div>
          <div className="v">{product.per_customer_limit ? t("card.perCustomer", { n: product.per_customer_limit }) : t("card.noLimit")}</div>
        </div>
      </div>
      {product.kind === "file" && (
        <div className="muted small row">
          <FileText size={13} /> {product.file_name ?? <span style={{ color: "var(--amber)" }}>{t("card.noFile")}</span>}
        </div>
      )}
      {product.kind === "channel" && (
        <div className="muted small row">
          <Lock size={13} /> {t("card.joins", { channel: product.channel_title ?? t("card.channelId", { id: product.channel_id }) })}
        </div>
      )}
      <div className="product-foot">
      {product.active &&
        (botUsername ? (
          <div className="link-box" title={t("card.linkTitle")}>
            <Link2 size={13} />
            <span>{deepLink(botUsername, product.id)}</span>
            <CopyButton text={deepLink(botUsername, product.id)} label={t("card.copyLink")} deepLink />
          </div>
        ) : (
          <div className="muted small row">
            <Link2 size={13} /> {t("card.linkLater")}
          </div>
        ))}
      <div className="row actions">
        <button className="btn sm" onClick={onEdit} aria-label={t("card.editAria", { title: product.title })}>
          <Pencil size={13} /> {t("common:actions.edit")}
        </button>
        {product.kind === "code" && (
          <>
            <button className="btn sm" onClick={onList} data-test="open-codes" aria-label={t("card.codesAria", { title: product.title })}>
              <ListChecks size={13} /> {t("card.codes")}
            </button>
            <button className="btn sm" onClick={onCodes}>
              <Upload size={13} /> {t("card.importCodes")}
            </button>
          </>
        )}
        <span className="grow" />
        <button className="btn sm ghost" onClick={() => toggle.mutate()} disabled={toggle.isPending}>
          {product.active ? <Archive size={13} /> : <ArchiveRestore size={13} />}
          {product.active ? t("card.archive") : t("card.restore")}
        </button>
      </div>
      </div>
    </div>
  );
}

interface FormState {
  kind: Kind;
  title: string;
  description: string;
  price: string;
  limit: string;
  stock: string;
  content: string;
  /** The channel's id, as the picker holds it; empty until one is chosen. */
  channel: string;
  /** The low-stock mark: a sale that leaves this many or fewer warns; empty or 0 never. */
  lowStock: string;
}

function formOf(p: Product | null): FormState {
  return {
    kind: p?.kind ?? "text",
    title: p?.title ?? "",
    description: p?.description ?? "",
    price: p ? String(p.price) : "",
    limit: p?.per_customer_limit ? String(p.per_customer_limit) : "",
    stock: p && p.kind !== "code" && p.stock_left !== null ? String(p.stock_left) : "",
    content: p?.content ?? "",
    channel: p?.channel_id != null ? String(p.channel_id) : "",
    lowStock: String(p?.low_stock ?? 5),
  };
}

function draftOf(f: FormState): ProductDraft {
  return {
    kind: f.kind,
    title: f.title.trim(),
    description: f.description.trim(),
    price: Number(f.price.trim()),
    per_customer_limit: f.limit.trim() ? Number(f.limit.trim()) : null,
    stock: f.kind !== "code" && f.stock.trim() ? Number(f.stock.trim()) : null,
    content: f.kind === "text" ? f.content : null,
    channel_id: f.kind === "channel" && f.channel ? Number(f.channel) : null,
  };
}

/** The product's channel: one of the channels the bot administers (Subscriptions → Channels). */

/** Lines imported per call, so that a big file shows its progress. */
const CHUNK_LINES = 500;
function ChannelPicker({
  value,
  onChange,
  locked,
  error,
}: {
  value: string;
  onChange: (id: string) => void;
  locked: boolean;
  error: string | null;
}) {
  const { t } = useTranslation(["catalog", "common"]);
  const channels = useChannels();
  const list: Channel[] = channels.data ?? [];
  const chosen = list.find((c) => String(c.id) === value);
  const problem = chosen ? channelProblem(chosen) : null;
  if (channels.isLoading) {
    return (
      <div className="field">
        <span className="label">{t("channel.label")}</span>
        <Loading />
      </div>
    );
  }
  if (channels.isError) {
    return (
      <div className="field">
        <span className="label">{t("channel.label")}</span>
        <ErrorState message={errorMessage(channels.error)} onRetry={() => channels.refetch()} />
      </div>
    );
  }
  if (list.length === 0) {
    return (
      <div className="field">
        <span className="label">{t("channel.label")}</span>
        <div className="banner warn" role="status" data-test="no-channels" style={{ marginBottom: 0 }}>
          <div className="grow">
            <h3>{t("channel.noneTitle")}</h3>
            <p>{t("channel.noneBody")}</p>
          </div>
        </div>
        {error && (
          <div className="error" role="alert">
            {error}
          </div>
        )}
      </div>
    );
  }
  return (
    <Field
      label={t("channel.label")}
      error={error ?? problem}
      hint={locked ? t("channel.locked") : t("channel.hint")}
    >
      {(p) => (
        <select {...p} name="channel" className="select" value={value} disabled={locked} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t("channel.choose")}</option>
          {list.map((c) => (
            <option key={c.id} value={String(c.id)}>
              {c.title}
              {c.username ? ` (@${c.username})` : ""}
              {channelProblem(c) ? ` · ${t("channel.needsRights")}` : ""}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The product saved, but the core refused the product suggested under its receipt. */
class SuggestionRefused extends Error {
  constructor(
    readonly saved: Product,
    readonly refusal: unknown,
  ) {
    super(errorMessage(refusal));
  }
}

export const alsoBoughtKey = (id: number) => ["products", id, "also-bought"];

/**
 * "Customers also bought": another product, suggested under this one's receipt with a Buy
 * button; "" for none. Lists the other products on sale, and the one chosen even if archived.
 */
function AlsoBoughtPicker({
  productId,
  value,
  onChange,
  loading,
  loadError,
  onRetry,
  error,
}: {
  productId: number | null;
  value: string;
  onChange: (id: string) => void;
  loading: boolean;
  loadError: string | null;
  onRetry: () => void;
  error: string | null;
}) {
  const { t } = useTranslation(["catalog", "common"]);
  const products = useProducts(true);
  const others = (products.data ?? []).filter((p) => p.id !== productId && (p.active || String(p.id) === value));
  const chosen = others.find((p) => String(p.id) === value);
  if (loadError) {
    return (
      <div className="field">
        <span className="label">{t("also.label")}</span>
        <div className="error" role="alert">
          {t("also.loadError", { error: loadError })}{" "}
          <button type="button" className="btn sm" onClick={onRetry}>
            {t("common:actions.tryAgain")}
          </button>
        </div>
      </div>
    );
  }
  return (
    <Field
      label={t("also.label")}
      error={error}
      hint={chosen && !chosen.active ? t("also.archivedHint", { title: chosen.title }) : t("also.hint")}
    >
      {(p) => (
        <select
          {...p}
          name="also_bought"
          className="select"
          value={value}
          disabled={loading || products.isLoading}
          onChange={(e) => onChange(e.target.value)}
          data-test="also-bought"
        >
          <option value="">{t("also.none")}</option>
          {others.map((o) => (
            <option key={o.id} value={String(o.id)}>
              {o.title} · {num(o.price)} ⭐{o.active ? "" : ` (${t("also.archived")})`}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function ProductEditor({
  product,
  onClose,
  onCreatedCodes,
}: {
  product: Product | null;
  onClose: () => void;
  onCreatedCodes: (p: Product) => void;
}) {
  const { t } = useTranslation(["catalog", "common"]);
  const qc = useQueryClient();
  const toast = useToast();
  const [initial] = useState<FormState>(() => formOf(product));
  const [f, setF] = useState<FormState>(initial);
  const [discarding, setDiscarding] = useState(false);
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [submitted, setSubmitted] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  // The suggestion under the receipt: held apart from the product, saved after it.
  const also = useQuery({
    queryKey: alsoBoughtKey(product?.id ?? 0),
    queryFn: () => alsoBought(product!.id),
    enabled: product !== null,
  });
  const alsoSaved = product === null ? "" : also.data == null ? "" : String(also.data);
  const [alsoChoice, setAlsoChoice] = useState<string | null>(null);
  const alsoValue = alsoChoice ?? alsoSaved;
  const alsoChanged = (product === null || also.isSuccess) && alsoValue !== alsoSaved;
  const [alsoError, setAlsoError] = useState<string | null>(null);

  const problems = {
    title: titleProblem(f.title),
    description: descriptionProblem(f.description),
    price: priceProblem(f.price),
    limit: optionalCountProblem(f.limit, "limit"),
    stock: optionalCountProblem(f.stock, "stock"),
    content: contentProblem(f.kind, f.content),
    channel: channelChoiceProblem(f.kind, f.channel),
    lowStock: lowStockProblem(f.lowStock),
  };
  const dirty = file !== null || alsoChanged || (Object.keys(f) as (keyof FormState)[]).some((k) => f[k] !== initial[k]);
  // Escape, a click outside, the close button and Cancel all come here: typed work is not lost
  // without asking.
  const requestClose = () => (dirty && !save.isPending ? setDiscarding(true) : onClose());
  const limited = f.kind === "code" || f.stock.trim() !== "";
  // The price is checked as it is typed; other fields once left or on save.
  const show = (k: keyof typeof problems) =>
    (submitted || touched[k] || (k === "price" && f.price.trim() !== "") ? problems[k] : null) ?? null;
  const valid = Object.values(problems).every((p) => p === null);

  const set = (k: keyof FormState) => (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    setServerError(null);
    setF({ ...f, [k]: e.target.value });
  };
  const blur = (k: string) => () => setTouched((t) => ({ ...t, [k]: true }));

  const save = useMutation({
    mutationFn: async () => {
      const draft = draftOf(f);
      let saved = product ? await updateProduct(product.id, draft) : await createProduct(draft);
      if (file && saved.kind === "file") {
        await setProductFile(saved.id, { name: file.name, type: file.type, bytes: await file.arrayBuffer() });
      }
      const mark = Number(f.lowStock.trim() || "0");
      if (mark !== saved.low_stock) saved = await setLowStock(saved.id, mark);
      if (alsoChanged) {
        try {
          await setAlsoBought(saved.id, alsoValue === "" ? null : Number(alsoValue));
        } catch (e) {
          throw new SuggestionRefused(saved, e);
        }
      }
      return saved;
    },
    onSuccess: (saved) => {
      void qc.invalidateQueries({ queryKey: ["products"] });
      void qc.invalidateQueries({ queryKey: ["overview"] });
      toast.show("success", product ? t("editor.saved", { title: saved.title }) : t("editor.created", { title: saved.title }));
      onClose();
      if (!product && saved.kind === "code") onCreatedCodes(saved);
    },
    onError: (e) => {
      if (!(e instanceof SuggestionRefused)) return setServerError(errorMessage(e));
      // The product itself is saved; only the suggestion was refused.
      void qc.invalidateQueries({ queryKey: ["products"] });
      void qc.invalidateQueries({ queryKey: ["overview"] });
      if (product) return setAlsoError(e.message);
      // A new product is created: the form must not create it twice.
      toast.show("error", t("editor.createdNoSuggestion", { title: e.saved.title }), e.message);
      onClose();
    },
  });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (valid) save.mutate();
  };

  const kindHelp = t(`kinds.${f.kind}.help`);
  // The question is the form's sibling: a dialog inside another would hand its Escape to both.
  return (
    <>
    <Modal
      title={product ? t("editor.editTitle", { title: product.title }) : t("editor.newTitle")}
      onClose={requestClose}
      wide
      footer={
        <>
          <button className="btn" type="button" onClick={requestClose}>
            {t("common:actions.cancel")}
          </button>
          <button className="btn primary" type="submit" form="product-form" disabled={save.isPending} data-test="save-product">
            {save.isPending && <Spinner />}
            {product ? t("editor.saveChanges") : t("editor.create")}
          </button>
        </>
      }
    >
      <form id="product-form" className="form" onSubmit={submit} noValidate data-submitted={submitted ? "true" : undefined}>
        <div className="field">
          <span className="label">{t("editor.kind")}</span>
          <Segmented
            label={t("editor.kind")}
            value={f.kind}
            disabled={product !== null}
            options={KINDS.map((k) => ({ value: k.value, label: <>{k.icon} {t(`kinds.${k.value}.label`)}</> }))}
            onChange={(kind) => {
              setServerError(null);
              // Channel access is bought once: the limit starts at 1 per customer.
              const limit = kind === "channel" && !f.limit.trim() ? "1" : f.kind === "channel" && f.limit === "1" ? "" : f.limit;
              setF({ ...f, kind, limit });
            }}
          />
          <div className="help">{product ? t("editor.kindLocked") : kindHelp}</div>
        </div>
        <Field label={t("editor.title")} error={show("title")} counter={`${[...f.title].length}/${TITLE_MAX}`} hint={t("editor.titleHint")}>
          {(p) => <input {...p} name="title" className="input" value={f.title} onChange={set("title")} onBlur={blur("title")} data-autofocus />}
        </Field>
        <Field label={t("editor.description")} error={show("description")} counter={`${[...f.description].length}/${DESCRIPTION_MAX}`}>
          {(p) => (
            <textarea {...p} name="description" className="textarea" rows={2} value={f.description} onChange={set("description")} onBlur={blur("description")} />
          )}
        </Field>
        <div className="form-row">
          <Field label={t("editor.price")} error={show("price")} hint={t("editor.priceHint")}>
            {(p) => (
              <input {...p} name="price" className="input" inputMode="numeric" placeholder={t("editor.pricePlaceholder")} value={f.price} onChange={set("price")} onBlur={blur("price")} />
            )}
          </Field>
          <Field
            label={t("editor.limit")}
            error={show("limit")}
            hint={f.kind === "channel" ? t("editor.limitHintChannel") : t("editor.limitHint")}
          >
            {(p) => <input {...p} name="limit" className="input" inputMode="numeric" placeholder={t("editor.limitPlaceholder")} value={f.limit} onChange={set("limit")} onBlur={blur("limit")} />}
          </Field>
        </div>
        {f.kind !== "code" && (
          <Field label={t("editor.stock")} error={show("stock")} hint={t("editor.stockHint")}>
            {(p) => <input {...p} name="stock" className="input" inputMode="numeric" placeholder={t("editor.stockPlaceholder")} value={f.stock} onChange={set("stock")} onBlur={blur("stock")} />}
          </Field>
        )}
        {limited && (
          <Field
            label={t("editor.lowStock")}
            error={show("lowStock")}
            hint={t("editor.lowStockHint")}
          >
            {(p) => (
              <input {...p} name="low_stock" className="input" inputMode="numeric" placeholder="0" value={f.lowStock} onChange={set("lowStock")} onBlur={blur("lowStock")} />
            )}
          </Field>
        )}
        {f.kind === "text" && (
          <Field label={t("editor.content")} error={show("content")} counter={`${[...f.content].length}/${CONTENT_MAX}`} hint={t("editor.contentHint")}>
            {(p) => <textarea {...p} name="content" className="textarea" rows={4} value={f.content} onChange={set("content")} onBlur={blur("content")} placeholder={t("editor.contentPlaceholder")} />}
          </Field>
        )}
        {f.kind === "file" && (
          <div className="field">
            <span className="label">{t("editor.file")}</span>
            <label className="dropzone">
              <FileUp size={20} />
              <span className="grow">
                {file
                  ? t("editor.fileChosen", { name: file.name, size: num(Math.ceil(file.size / 1024)) })
                  : product?.file_name
                    ? t("editor.fileCurrent", { name: product.file_name })
                    : t("editor.fileChoose")}
              </span>
              <span className="btn sm">{t("editor.fileButton")}</span>
              <input type="file" className="sr-only" name="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            </label>
          </div>
        )}
        {f.kind === "channel" && (
          <ChannelPicker
            value={f.channel}
            locked={product !== null}
            error={show("channel")}
            onChange={(channel) => {
              setServerError(null);
              setF({ ...f, channel });
            }}
          />
        )}
        <AlsoBoughtPicker
          productId={product?.id ?? null}
          value={alsoValue}
          loading={product !== null && also.isLoading}
          loadError={also.isError ? errorMessage(also.error) : null}
          onRetry={() => void also.refetch()}
          error={alsoError}
          onChange={(id) => {
            setAlsoError(null);
            setServerError(null);
            setAlsoChoice(id);
          }}
        />
        {f.kind === "code" && !product && (
          <div className="help row">
            <KeyRound size={14} /> {t("editor.codesAfter")}
          </div>
        )}
        {serverError && (
          <div className="banner error" role="alert" style={{ marginBottom: 0 }}>
            <div className="grow">
              <h3>{t("editor.notSaved")}</h3>
              <p>{serverError}</p>
            </div>
          </div>
        )}
      </form>
    </Modal>
    {discarding && (
      <Modal
        title={t("editor.discardTitle")}
        onClose={() => setDiscarding(false)}
        footer={
          <>
            <button className="btn" type="button" onClick={() => setDiscarding(false)} data-test="keep-editing" data-autofocus>
              {t("editor.keepEditing")}
            </button>
            <button className="btn danger" type="button" onClick={onClose} data-test="discard-changes">
              {t("common:actions.discard")}
            </button>
          </>
        }
      >
        <p>{product ? t("editor.discardEdit", { title: product.title }) : t("editor.discardNew")}</p>
      </Modal>
    )}
    </>
  );
}

export function CodesImport({ product, onClose }: { product: Product; onClose: () => void }) {
  const { t } = useTranslation(["catalog", "common"]);
  const qc = useQueryClient();
  const [text, setText] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [summary, setSummary] = useState<CodeImport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const lines = useMemo(() => (text ? text.split(/\r?\n/).filter((l, i, a) => !(i === a.length - 1 && l === "")).length : 0), [text]);

  const run = async () => {
    setError(null);
    setSummary(null);
    // Parts of whole records: a quoted CSV field may hold a line break.
    const chunks = recordChunks(text, CHUNK_LINES);
    const total: CodeImport = { added: 0, duplicates: 0, blank: 0, header: null };
    setProgress(0);
    try {
      // The whole list is read first: a line that cannot be read stops it before any part is in.
      await checkCodes(text);
    } catch (e) {
      setError(errorMessage(e));
      setProgress(null);
      return;
    }
    try {
      for (let i = 0; i < chunks.length; i++) {
        const r = await importCodes(product.id, chunks[i].text, chunks[i].firstLine);
        total.added += r.added;
        total.duplicates += r.duplicates;
        total.blank += r.blank;
        total.header = total.header ?? r.header;
        setProgress((i + 1) / chunks.length);
      }
      setSummary(total);
    } catch (e) {
      setError(errorMessage(e));
      setSummary(total.added + total.duplicates + total.blank > 0 ? total : null);
    } finally {
      setProgress(null);
      void qc.invalidateQueries({ queryKey: ["products"] });
      void qc.invalidateQueries({ queryKey: ["codes", product.id] });
    }
  };

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    if (!f) return;
    setFileName(f.name);
    setText(await f.text());
    setSummary(null);
  };

  const busy = progress !== null;
  return (
    <Modal
      title={t("import.title", { title: product.title })}
      onClose={onClose}
      wide
      footer={
        summary && !busy ? (
          <button className="btn primary" onClick={onClose}>
            {t("common:actions.done")}
          </button>
        ) : (
          <>
            <button className="btn" onClick={onClose} disabled={busy}>
              {t("common:actions.cancel")}
            </button>
            <button className="btn primary" onClick={run} disabled={busy || lines === 0} data-test="import-codes">
              {busy && <Spinner />} {lines > 0 ? t("import.runLines", { count: lines }) : t("import.run")}
            </button>
          </>
        )
      }
    >
      <div className="form">
        <div className="help">{t("import.help")}</div>
        <div className="dropzone">
          <FileUp size={20} />
          <span className="grow">{fileName ?? t("import.fileHint")}</span>
          <button className="btn sm" onClick={() => fileInput.current?.click()} disabled={busy}>
            {t("import.chooseFile")}
          </button>
          <input ref={fileInput} type="file" accept=".txt,.csv,text/plain,text/csv" className="sr-only" onChange={onFile} />
        </div>
        <textarea
          className="textarea mono"
          rows={8}
          name="codes"
          aria-label={t("import.textarea")}
          placeholder={"ABCD-1234-EFGH\nIJKL-5678-MNOP"}
          value={text}
          disabled={busy}
          onChange={(e) => {
            setText(e.target.value);
            setSummary(null);
          }}
        />
        {busy && (
          <div>
            <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progress * 100)}>
              <div style={{ width: `${Math.round(progress * 100)}%` }} />
            </div>
            <div className="muted small" style={{ marginTop: 6 }}>
              {t("import.importing", { percent: Math.round(progress * 100) })}
            </div>
          </div>
        )}
        {error && (
          <div className="banner error" role="alert">
            <div className="grow">
              <h3>{t("import.stopped")}</h3>
              <p>{error}</p>
            </div>
          </div>
        )}
        {summary && (
          <div className="summary" aria-label={t("import.summary")}>
            <div>
              <div className="n" style={{ color: "var(--green)" }}>{num(summary.added)}</div>
              <div className="muted small">{t("import.added")}</div>
            </div>
            <div>
              <div className="n">{num(summary.duplicates)}</div>
              <div className="muted small">{t("import.duplicates")}</div>
            </div>
            <div>
              <div className="n">{num(summary.blank)}</div>
              <div className="muted small">{t("import.blank")}</div>
            </div>
          </div>
        )}
        {summary?.header && (
          <div className="muted small" data-test="import-header">
            {t("import.header", { header: summary.header })}
          </div>
        )}
      </div>
    </Modal>
  );
}

type Shown = "on_sale" | "archived" | "all";

export function CatalogPage() {
  const { t } = useTranslation(["catalog", "common"]);
  const products = useProducts(true);
  const status = useStatus();
  const [editing, setEditing] = useState<Product | "new" | null>(null);
  const [codesFor, setCodesFor] = useState<Product | null>(null);
  const [listFor, setListFor] = useState<number | null>(null);
  const [shown, setShown] = useState<Shown>("on_sale");
  const [search, setSearch] = useState("");
  const username = status.data?.bot.bot_username ?? null;

  const list = useMemo(() => {
    const s = fold(search.trim());
    return (products.data ?? [])
      .filter((p) => (shown === "all" ? true : shown === "on_sale" ? p.active : !p.active))
      .filter((p) => !s || fold(p.title).includes(s) || fold(p.description).includes(s));
  }, [products.data, shown, search]);
  const archivedCount = (products.data ?? []).filter((p) => !p.active).length;
  const listed = (products.data ?? []).find((p) => p.id === listFor) ?? null;

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{t("common:pages.catalog")}</h1>
          <p>{t("page.intro")}</p>
        </div>
        <button className="btn primary" onClick={() => setEditing("new")} data-test="new-product">
          <Plus size={16} /> {t("page.newProduct")}
        </button>
      </div>
      <div className="toolbar">
        <div className="input-icon">
          <Search size={15} />
          <input className="input" placeholder={t("page.find")} value={search} onChange={(e) => setSearch(e.target.value)} aria-label={t("page.find")} />
        </div>
        <Segmented<Shown>
          label={t("page.show")}
          value={shown}
          onChange={setShown}
          options={[
            { value: "on_sale", label: t("page.onSale") },
            { value: "archived", label: archivedCount ? t("page.archivedCount", { n: archivedCount }) : t("page.archived") },
            { value: "all", label: t("page.all") },
          ]}
        />
      </div>
      {products.isLoading ? (
        <Loading />
      ) : products.isError ? (
        <ErrorState message={errorMessage(products.error)} onRetry={() => products.refetch()} />
      ) : (products.data ?? []).length === 0 ? (
        <div className="card">
          <EmptyState
            icon={<Package size={24} />}
            title={t("page.emptyTitle")}
            action={
              <button className="btn primary" onClick={() => setEditing("new")}>
                <Plus size={16} /> {t("page.createFirst")}
              </button>
            }
          >
            {t("page.emptyBody")}
          </EmptyState>
        </div>
      ) : list.length === 0 ? (
        <div className="card">
          <EmptyState icon={<Search size={24} />} title={shown === "archived" ? t("page.nothingArchived") : t("page.noMatch")}>
            {shown === "archived" ? t("page.nothingArchivedBody") : t("page.noMatchBody")}
          </EmptyState>
        </div>
      ) : (
        <div className="products">
          {list.map((p) => (
            <ProductCard
              key={p.id}
              product={p}
              botUsername={username}
              onEdit={() => setEditing(p)}
              onCodes={() => setCodesFor(p)}
              onList={() => setListFor(p.id)}
            />
          ))}
        </div>
      )}
      {editing && (
        <ProductEditor product={editing === "new" ? null : editing} onClose={() => setEditing(null)} onCreatedCodes={setCodesFor} />
      )}
      {listed && !codesFor && (
        <CodesDrawer
          product={listed}
          onClose={() => setListFor(null)}
          onImport={() => setCodesFor(listed)}
        />
      )}
      {codesFor && <CodesImport product={codesFor} onClose={() => setCodesFor(null)} />}
    </div>
  );
}

export { kindLabel };
