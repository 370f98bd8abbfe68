import { describe, expect, it } from "vitest";
import { agentDetail, agentLabel } from "./label";

describe("agentLabel / agentDetail", () => {
  it("names an agent by the owner's name, else its platform id, else its number", () => {
    const number = { name: null, number: "+61290000077", platform: null, platformAgentId: null };
    expect(agentLabel(number)).toBe("+61 2 9000 0077");
    expect(agentDetail(number)).toBe("Phone number");
    expect(agentLabel({ ...number, name: "Rentals line" })).toBe("Rentals line");
    expect(agentDetail({ ...number, name: "Rentals line" })).toBe("Phone number · +61 2 9000 0077");
    const vapi = { name: null, number: null, platform: "vapi" as const, platformAgentId: "5b0a4c8e-1f7a-4d2b-9c33-2a8f6e1d7b90" };
    expect(agentLabel(vapi)).toBe("Vapi agent 5b0a4c8e-1…");
    expect(agentDetail(vapi)).toBe("Vapi · 5b0a4c8e-1f7a-4d2b-9c33-2a8f6e1d7b90");
  });
});
