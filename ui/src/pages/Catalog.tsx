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
import { type ChangeEvent, useMemo, useRef, useState } from "react";
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

const KINDS: { value: Kind; label: string; icon: React.ReactNode; help: string }[] = [
  { value: "text", label: "Text", icon: <Type size={14} />, help: "A link, a secret or instructions, sent as a message." },
  { value: "code", label: "Code pool", icon: <KeyRound size={14} />, help: "One unique code per sale, from a list you import." },
  { value: "file", label: "File", icon: <FileText size={14} />, help: "A file sent as a document, up to 50 MB." },
  {
    value: "channel",
    label: "Channel access",
    icon: <Lock size={14} />,
    help: "Pay once, join a private channel for good: the receipt carries an invite link that lets one person in.",
  },
];

const kindLabel = (k: Kind) => KINDS.find((x) => x.value === k)!.label;

function stockText(p: Product): { text: string; tone: string } {
  if (p.stock_left === null) return { text: "Unlimited", tone: "" };
  if (p.stock_left === 0) return { text: "Sold out", tone: "var(--red)" };
  return { text: `${num(p.stock_left)} left`, tone: runningLow(p) ? "var(--amber)" : "" };
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
      toast.show("success", `${p.title} is on sale again`);
    },
    onError: (e) => toast.show("error", "Could not put the product back on sale", errorMessage(e)),
  });
  const toggle = useMutation({
    mutationFn: () => setProductActive(product.id, !product.active),
    onSuccess: (p) => {
      changed();
      if (p.active) toast.show("success", `${p.title} is on sale again`);
      else
        toast.show("success", `${p.title} is archived`, "Its orders stay; customers no longer see it.", {
          label: "Undo",
          run: () => restore.mutate(),
        });
    },
    onError: (e) => toast.show("error", "Could not change the product", errorMessage(e)),
  });
  const stock = stockText(product);
  const kind = KINDS.find((k) => k.value === product.kind)!;
  return (
    <div className={`card product ${product.active ? "" : "archived"}`} data-product-id={product.id}>
      <div className="row">
        <span className="badge accent">
          {kind.icon} {kind.label}
        </span>
        {product.active ? (
          <span className="badge green">
            <span className="dot" /> On sale
          </span>
        ) : (
          <span className="badge">Archived</span>
        )}
        {product.active && runningLow(product) && (
          <span className="badge amber" data-test="running-low-badge" title={`Warns at ${num(product.low_stock)} left`}>
            {product.stock_left === 0 ? "Sold out" : "Running low"}
          </span>
        )}
        <span className="grow" />
        <span className="muted small">#{product.id}</span>
      </div>
      <h3>{product.title}</h3>
      <div className="desc">{product.description || <span className="muted">No description</span>}</div>
      <div className="facts">
        <div>
          <div className="k">Price</div>
          <div className="v">
            <Stars n={product.price} />
          </div>
        </div>
        <div>
          <div className="k">Stock</div>
          <div className="v" style={{ color: stock.tone || undefined }}>
            {stock.text}
          </div>
        </div>
        <div>
          <div className="k">Limit</div>
          <div className="v">{product.per_customer_limit ? `${product.per_customer_limit} per customer` : "None"}</div>
        </div>
      </div>
      {product.kind === "file" && (
        <div className="muted small row">
          <FileText size={13} /> {product.file_name ?? <span style={{ color: "var(--amber)" }}>No file yet: upload one before selling.</span>}
        </div>
      )}
      {product.kind === "channel" && (
        <div className="muted small row">
          <Lock size={13} /> Joins {product.channel_title ?? `channel ${product.channel_id}`}
        </div>
      )}
      <div className="product-foot">
      {product.active &&
        (botUsername ? (
          <div className="link-box" title="Opens your bot on this product's card">
            <Link2 size={13} />
            <span>{deepLink(botUsername, product.id)}</span>
            <CopyButton text={deepLink(botUsername, product.id)} label="Copy link" deepLink />
          </div>
        ) : (
          <div className="muted small row">
            <Link2 size={13} /> The product's link appears once the bot is running.
          </div>
        ))}
      <div className="row actions">
        <button className="btn sm" onClick={onEdit} aria-label={`Edit ${product.title}`}>
          <Pencil size={13} /> Edit
        </button>
        {product.kind === "code" && (
          <>
            <button className="btn sm" onClick={onList} data-test="open-codes" aria-label={`Codes of ${product.title}`}>
              <ListChecks size={13} /> Codes
            </button>
            <button className="btn sm" onClick={onCodes}>
              <Upload size={13} /> Import codes
            </button>
          </>
        )}
        <span className="grow" />
        <button className="btn sm ghost" onClick={() => toggle.mutate()} disabled={toggle.isPending}>
          {product.active ? <Archive size={13} /> : <ArchiveRestore size={13} />}
          {product.active ? "Archive" : "Restore"}
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
  const channels = useChannels();
  const list: Channel[] = channels.data ?? [];
  const chosen = list.find((c) => String(c.id) === value);
  const problem = chosen ? channelProblem(chosen) : null;
  if (channels.isLoading) {
    return (
      <div className="field">
        <span className="label">Channel</span>
        <Loading />
      </div>
    );
  }
  if (channels.isError) {
    return (
      <div className="field">
        <span className="label">Channel</span>
        <ErrorState message={errorMessage(channels.error)} onRetry={() => channels.refetch()} />
      </div>
    );
  }
  if (list.length === 0) {
    return (
      <div className="field">
        <span className="label">Channel</span>
        <div className="banner warn" role="status" data-test="no-channels" style={{ marginBottom: 0 }}>
          <div className="grow">
            <h3>No channel yet</h3>
            <p>
              Add the bot to your private channel as an administrator (allowed to add and ban members), then add the
              channel in Subscriptions → Channels. It appears here once the bot is checked there.
            </p>
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
      label="Channel"
      error={error ?? problem}
      hint={locked ? "The channel cannot change after the product is created." : "Buyers join this channel. Channels are added in Subscriptions → Channels."}
    >
      {(p) => (
        <select {...p} name="channel" className="select" value={value} disabled={locked} onChange={(e) => onChange(e.target.value)}>
          <option value="">Choose a channel…</option>
          {list.map((c) => (
            <option key={c.id} value={String(c.id)}>
              {c.title}
              {c.username ? ` (@${c.username})` : ""}
              {channelProblem(c) ? " · needs the bot's rights" : ""}
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
  const products = useProducts(true);
  const others = (products.data ?? []).filter((p) => p.id !== productId && (p.active || String(p.id) === value));
  const chosen = others.find((p) => String(p.id) === value);
  if (loadError) {
    return (
      <div className="field">
        <span className="label">Customers also bought</span>
        <div className="error" role="alert">
          The suggestion could not be read: {loadError}{" "}
          <button type="button" className="btn sm" onClick={onRetry}>
            Try again
          </button>
        </div>
      </div>
    );
  }
  return (
    <Field
      label="Customers also bought"
      error={error}
      hint={
        chosen && !chosen.active
          ? `${chosen.title} is archived: nothing is suggested until it is back on sale.`
          : "Suggested under this product's receipt, with its price, as a button that buys it. None: no suggestion."
      }
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
          <option value="">None</option>
          {others.map((o) => (
            <option key={o.id} value={String(o.id)}>
              {o.title} · {num(o.price)} ⭐{o.active ? "" : " (archived)"}
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
      toast.show("success", product ? `${saved.title} saved` : `${saved.title} created`);
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
      toast.show("error", `${e.saved.title} created, without a suggestion under its receipt`, e.message);
      onClose();
    },
  });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (valid) save.mutate();
  };

  const kindHelp = KINDS.find((k) => k.value === f.kind)!.help;
  // The question is the form's sibling: a dialog inside another would hand its Escape to both.
  return (
    <>
    <Modal
      title={product ? `Edit ${product.title}` : "New product"}
      onClose={requestClose}
      wide
      footer={
        <>
          <button className="btn" type="button" onClick={requestClose}>
            Cancel
          </button>
          <button className="btn primary" type="submit" form="product-form" disabled={save.isPending} data-test="save-product">
            {save.isPending && <Spinner />}
            {product ? "Save changes" : "Create product"}
          </button>
        </>
      }
    >
      <form id="product-form" className="form" onSubmit={submit} noValidate data-submitted={submitted ? "true" : undefined}>
        <div className="field">
          <span className="label">Kind</span>
          <Segmented
            label="Kind"
            value={f.kind}
            disabled={product !== null}
            options={KINDS.map((k) => ({ value: k.value, label: <>{k.icon} {k.label}</> }))}
            onChange={(kind) => {
              setServerError(null);
              // Channel access is bought once: the limit starts at 1 per customer.
              const limit = kind === "channel" && !f.limit.trim() ? "1" : f.kind === "channel" && f.limit === "1" ? "" : f.limit;
              setF({ ...f, kind, limit });
            }}
          />
          <div className="help">{product ? "The kind cannot change after a product is created." : kindHelp}</div>
        </div>
        <Field label="Title" error={show("title")} counter={`${[...f.title].length}/${TITLE_MAX}`} hint="What the invoice says, as customers see it.">
          {(p) => <input {...p} name="title" className="input" value={f.title} onChange={set("title")} onBlur={blur("title")} data-autofocus />}
        </Field>
        <Field label="Description" error={show("description")} counter={`${[...f.description].length}/${DESCRIPTION_MAX}`}>
          {(p) => (
            <textarea {...p} name="description" className="textarea" rows={2} value={f.description} onChange={set("description")} onBlur={blur("description")} />
          )}
        </Field>
        <div className="form-row">
          <Field label="Price in Stars" error={show("price")} hint="From 1 to 10,000 Stars.">
            {(p) => (
              <input {...p} name="price" className="input" inputMode="numeric" placeholder="e.g. 50" value={f.price} onChange={set("price")} onBlur={blur("price")} />
            )}
          </Field>
          <Field
            label="Limit per customer"
            error={show("limit")}
            hint={f.kind === "channel" ? "A customer who has access already is never charged again." : "Empty: no limit."}
          >
            {(p) => <input {...p} name="limit" className="input" inputMode="numeric" placeholder="No limit" value={f.limit} onChange={set("limit")} onBlur={blur("limit")} />}
          </Field>
        </div>
        {f.kind !== "code" && (
          <Field label="Units to sell" error={show("stock")} hint="Empty: unlimited.">
            {(p) => <input {...p} name="stock" className="input" inputMode="numeric" placeholder="Unlimited" value={f.stock} onChange={set("stock")} onBlur={blur("stock")} />}
          </Field>
        )}
        {limited && (
          <Field
            label="Warn when stock is at or below"
            error={show("lowStock")}
            hint="Units left. The Catalog and the Overview show the product as running low, and a desktop notification comes when a sale takes it there. 0: never warn."
          >
            {(p) => (
              <input {...p} name="low_stock" className="input" inputMode="numeric" placeholder="0" value={f.lowStock} onChange={set("lowStock")} onBlur={blur("lowStock")} />
            )}
          </Field>
        )}
        {f.kind === "text" && (
          <Field label="What the customer receives" error={show("content")} counter={`${[...f.content].length}/${CONTENT_MAX}`} hint="Sent right after payment, with a receipt.">
            {(p) => <textarea {...p} name="content" className="textarea" rows={4} value={f.content} onChange={set("content")} onBlur={blur("content")} placeholder="https://… or instructions" />}
          </Field>
        )}
        {f.kind === "file" && (
          <div className="field">
            <span className="label">File to deliver</span>
            <label className="dropzone">
              <FileUp size={20} />
              <span className="grow">
                {file ? `${file.name} · ${num(Math.ceil(file.size / 1024))} KB` : product?.file_name ? `Current: ${product.file_name}. Choose another to replace it.` : "Choose the file customers receive (up to 50 MB)."}
              </span>
              <span className="btn sm">Choose…</span>
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
            <KeyRound size={14} /> After creating it, import the codes (paste a list or choose a .txt or .csv file).
          </div>
        )}
        {serverError && (
          <div className="banner error" role="alert" style={{ marginBottom: 0 }}>
            <div className="grow">
              <h3>Not saved</h3>
              <p>{serverError}</p>
            </div>
          </div>
        )}
      </form>
    </Modal>
    {discarding && (
      <Modal
        title="Discard changes?"
        onClose={() => setDiscarding(false)}
        footer={
          <>
            <button className="btn" type="button" onClick={() => setDiscarding(false)} data-test="keep-editing" data-autofocus>
              Keep editing
            </button>
            <button className="btn danger" type="button" onClick={onClose} data-test="discard-changes">
              Discard
            </button>
          </>
        }
      >
        <p>{product ? `Your changes to ${product.title} are not saved.` : "The new product is not created yet."} Closing the form loses what you typed.</p>
      </Modal>
    )}
    </>
  );
}

export function CodesImport({ product, onClose }: { product: Product; onClose: () => void }) {
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
      title={`Import codes · ${product.title}`}
      onClose={onClose}
      wide
      footer={
        summary && !busy ? (
          <button className="btn primary" onClick={onClose}>
            Done
          </button>
        ) : (
          <>
            <button className="btn" onClick={onClose} disabled={busy}>
              Cancel
            </button>
            <button className="btn primary" onClick={run} disabled={busy || lines === 0} data-test="import-codes">
              {busy && <Spinner />} Import {lines > 0 ? plural(lines) : ""}
            </button>
          </>
        )
      }
    >
      <div className="form">
        <div className="help">
          One code per line. From a CSV, the first column is used, and a header row (code, key, …) is skipped.
          Blank lines and codes already in the pool are skipped and counted.
        </div>
        <div className="dropzone">
          <FileUp size={20} />
          <span className="grow">{fileName ?? "Choose a .txt or .csv file, or paste the codes below."}</span>
          <button className="btn sm" onClick={() => fileInput.current?.click()} disabled={busy}>
            Choose file…
          </button>
          <input ref={fileInput} type="file" accept=".txt,.csv,text/plain,text/csv" className="sr-only" onChange={onFile} />
        </div>
        <textarea
          className="textarea mono"
          rows={8}
          name="codes"
          aria-label="Codes, one per line"
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
              Importing… {Math.round(progress * 100)}%
            </div>
          </div>
        )}
        {error && (
          <div className="banner error" role="alert">
            <div className="grow">
              <h3>The import stopped</h3>
              <p>{error}</p>
            </div>
          </div>
        )}
        {summary && (
          <div className="summary" aria-label="Import summary">
            <div>
              <div className="n" style={{ color: "var(--green)" }}>{num(summary.added)}</div>
              <div className="muted small">added</div>
            </div>
            <div>
              <div className="n">{num(summary.duplicates)}</div>
              <div className="muted small">duplicates skipped</div>
            </div>
            <div>
              <div className="n">{num(summary.blank)}</div>
              <div className="muted small">blank lines</div>
            </div>
          </div>
        )}
        {summary?.header && (
          <div className="muted small" data-test="import-header">
            The first line, “{summary.header}”, is a header row: it was skipped, not added as a code.
          </div>
        )}
      </div>
    </Modal>
  );
}

const plural = (n: number) => `${num(n)} ${n === 1 ? "line" : "lines"}`;

type Shown = "on_sale" | "archived" | "all";

export function CatalogPage() {
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
          <h1>Catalog</h1>
          <p>What your bot sells. Each product has a link that opens the bot right on it.</p>
        </div>
        <button className="btn primary" onClick={() => setEditing("new")} data-test="new-product">
          <Plus size={16} /> New product
        </button>
      </div>
      <div className="toolbar">
        <div className="input-icon">
          <Search size={15} />
          <input className="input" placeholder="Find a product" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Find a product" />
        </div>
        <Segmented<Shown>
          label="Show"
          value={shown}
          onChange={setShown}
          options={[
            { value: "on_sale", label: "On sale" },
            { value: "archived", label: `Archived${archivedCount ? ` (${archivedCount})` : ""}` },
            { value: "all", label: "All" },
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
            title="Your catalog is empty"
            action={
              <button className="btn primary" onClick={() => setEditing("new")}>
                <Plus size={16} /> Create your first product
              </button>
            }
          >
            Sell a text (a link or a secret), a pool of unique codes, a file, or access to a private channel. Customers
            pay in Telegram Stars and get it instantly.
          </EmptyState>
        </div>
      ) : list.length === 0 ? (
        <div className="card">
          <EmptyState icon={<Search size={24} />} title={shown === "archived" ? "Nothing archived" : "No product matches"}>
            {shown === "archived" ? "Archived products leave the shop; their orders stay." : "Try another word, or show all products."}
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
