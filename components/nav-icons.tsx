import { BookUser, Code2, Coins, LayoutDashboard, Menu, PhoneCall, Settings, Users, Workflow, X } from "lucide-react";
import type { NavIcons } from "@/components/dashboard-nav";

/** The dashboard nav's icons, rendered on the server (see NavIcons in components/dashboard-nav.tsx). */
export const NAV_ICONS: NavIcons = {
  "/": <LayoutDashboard className="size-4" aria-hidden />,
  "/calls": <PhoneCall className="size-4" aria-hidden />,
  "/contacts": <BookUser className="size-4" aria-hidden />,
  "/settings/post-call-actions": <Workflow className="size-4" aria-hidden />,
  "/developers/webhooks": <Code2 className="size-4" aria-hidden />,
  "/credits": <Coins className="size-4" aria-hidden />,
  "/settings/team": <Users className="size-4" aria-hidden />,
  "/settings": <Settings className="size-4" aria-hidden />,
  menu: <Menu className="size-4" aria-hidden />,
  close: <X className="size-4" aria-hidden />,
};
