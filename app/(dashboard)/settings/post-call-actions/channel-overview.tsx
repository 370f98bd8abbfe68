import { CHANNEL_LABEL, CHANNELS, formatCredits, priceOf } from "@/lib/pricing";
import { cn } from "@/lib/utils";
import { CHANNEL_CARRIES, CHANNEL_ICON, CHANNEL_TINT } from "./channel-meta";

/** The seed's "quick overview": what each channel costs and carries, for an account choosing its first action. */
export function ChannelOverview() {
  return (
    <ul className="grid gap-3 sm:grid-cols-3" aria-label="Channels">
      {CHANNELS.map((c) => {
        const Icon = CHANNEL_ICON[c];
        return (
          <li key={c} className="flex flex-col gap-2 rounded-lg border bg-card p-4 text-sm">
            <span className="flex items-center gap-2 font-semibold">
              <span className={cn("grid size-7 place-items-center rounded-md", CHANNEL_TINT[c])}>
                <Icon className="size-4" aria-hidden />
              </span>
              {CHANNEL_LABEL[c]}
              <span className="ml-auto text-xs font-normal text-muted-foreground">{formatCredits(priceOf(c))}</span>
            </span>
            <span className="text-muted-foreground">{CHANNEL_CARRIES[c]}</span>
          </li>
        );
      })}
    </ul>
  );
}
