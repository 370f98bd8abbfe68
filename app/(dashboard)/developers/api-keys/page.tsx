import { KeyRound } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { listApiKeys } from "@/db/queries/api-keys";
import { formatDateTime, formatRelative } from "@/lib/format";
import { CAN_EDIT, can, requireMember } from "@/lib/member";
import { CreateApiKeyDialog, RevokeApiKeyButton } from "./api-keys-form";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const member = await requireMember();
  const [keys, account] = await Promise.all([listApiKeys(db, member.accountId), getAccount(db, member.accountId)]);
  const tz = account?.timeZone ?? "UTC";
  const editable = can(member, CAN_EDIT);
  return (
    <div className="grid gap-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-sm text-muted-foreground">
          The <Link className="text-primary underline underline-offset-4" href="/api/v1/openapi.json">public API</Link> lists calls,
          replaces post-call actions, reads deliveries and sends test events. Keys are stored hashed.
        </p>
        {editable ? <CreateApiKeyDialog /> : null}
      </div>
      {keys.length === 0 ? (
        <EmptyState icon={KeyRound} title="No API keys yet">
          {editable ? "Create a key to call the API from your systems." : "An owner or developer can create keys."} From a terminal:{" "}
          <code className="rounded bg-muted px-1">npm run api-key -- --email you@company.com</code>
        </EmptyState>
      ) : (
        <Card>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Key</TableHead>
                <TableHead>Access</TableHead>
                <TableHead>Created</TableHead>
                <TableHead>Last used</TableHead>
                <TableHead className="text-right">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {keys.map((k) => (
                <TableRow key={k.id}>
                  <TableCell className="font-medium">{k.name}</TableCell>
                  <TableCell>
                    <code className="font-mono text-xs">{k.prefix}…</code>
                  </TableCell>
                  <TableCell>{k.role === "viewer" ? "Read only" : "Read and write"}</TableCell>
                  <TableCell className="whitespace-nowrap">{formatDateTime(k.createdAt, tz)}</TableCell>
                  <TableCell className="whitespace-nowrap">{formatRelative(k.lastUsedAt)}</TableCell>
                  <TableCell className="text-right">
                    {k.revokedAt ? (
                      <Badge variant="destructive">Revoked</Badge>
                    ) : editable ? (
                      <RevokeApiKeyButton id={k.id} name={k.name} />
                    ) : (
                      <Badge variant="success">Active</Badge>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      )}
    </div>
  );
}
