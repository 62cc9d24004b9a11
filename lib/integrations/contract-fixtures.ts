// Registry of contract-suite fixtures, one per provider converted to contract v2 (see
// lib/integrations/contract-fixture.ts). Adding a provider: one import and one entry.
import type { ContractFixture } from "@/lib/integrations/contract-fixture";
import { activecampaignContractFixture } from "@/lib/integrations/activecampaign/contract-fixture";
import { customRestContractFixture } from "@/lib/integrations/custom-rest/contract-fixture";
import { gohighlevelContractFixture } from "@/lib/integrations/gohighlevel/contract-fixture";
import { keycrmContractFixture } from "@/lib/integrations/keycrm/contract-fixture";
import { loopsContractFixture } from "@/lib/integrations/loops/contract-fixture";
import { hubspotContractFixture } from "@/lib/integrations/hubspot/contract-fixture";
import { pipedriveContractFixture } from "@/lib/integrations/pipedrive/contract-fixture";
import { salesforceContractFixture } from "@/lib/integrations/salesforce/contract-fixture";

export const contractFixtures: Readonly<Record<string, ContractFixture>> = {
  activecampaign: activecampaignContractFixture,
  "custom-rest": customRestContractFixture,
  gohighlevel: gohighlevelContractFixture,
  hubspot: hubspotContractFixture,
  keycrm: keycrmContractFixture,
  loops: loopsContractFixture,
  pipedrive: pipedriveContractFixture,
  salesforce: salesforceContractFixture,
};
