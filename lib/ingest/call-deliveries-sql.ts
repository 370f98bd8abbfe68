// Moved to the delivery lifecycle's one owner; this path stays for the statements that still import it.
export { callDeliveriesCtes } from "@/db/queries/delivery-lifecycle";
