/** Radix's dropdown menu, fetched by components/ui/dropdown-menu.tsx when a menu first opens. */
export { DropdownMenu as DropdownMenuParts } from "radix-ui";
