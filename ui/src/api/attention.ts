import type { Attention } from "../bindings/Attention";
import { call } from "./invoke";

export const openAttention = () => call<Attention[]>("attention_list");

export const resolveAttention = (id: number) => call<null>("attention_resolve", { id });
