// Shared queries: the same key everywhere, so one event refreshes every page that shows it.

import { useQuery } from "@tanstack/react-query";
import { openAttention } from "./api/attention";
import { botStatus } from "./api/bot";
import { listProducts } from "./api/catalog";

export const useStatus = () => useQuery({ queryKey: ["status"], queryFn: botStatus });

export const useProducts = (includeArchived: boolean) =>
  useQuery({ queryKey: ["products", includeArchived], queryFn: () => listProducts(includeArchived) });

export const useAttention = () => useQuery({ queryKey: ["attention"], queryFn: openAttention });
