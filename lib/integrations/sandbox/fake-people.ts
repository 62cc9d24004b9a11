// Realistic, deterministic people for sandbox seeds: names, e-mails, companies, phones, cities.
// Phone numbers use the 555-01xx block, which North American numbering reserves for fiction.
import type { Rng } from "@/lib/integrations/sandbox/rng";

const FIRST = [
  "Ava", "Liam", "Olivia", "Noah", "Emma", "Mateo", "Sophia", "Lucas", "Isabella", "Ethan", "Mia", "Amir",
  "Charlotte", "Hiro", "Amelia", "Diego", "Harper", "Kofi", "Evelyn", "Arjun", "Abigail", "Leo", "Emily",
  "Jonas", "Elena", "Mason", "Chloe", "Ivan", "Zoe", "Omar", "Grace", "Felix", "Nora", "Samuel", "Lily",
  "Yusuf", "Hannah", "Tomás", "Aria", "Daniel", "Layla", "Henry", "Maya", "Oscar", "Priya", "Jack", "Sofia",
  "Wei", "Clara", "Ben", "Fatima", "Victor", "Ingrid", "Ravi", "Julia", "Marco", "Alice", "Kenji", "Ruth",
] as const;

const LAST = [
  "Smith", "Johnson", "Garcia", "Nguyen", "Müller", "Rossi", "Kowalski", "Okafor", "Tanaka", "Silva", "Brown",
  "Martin", "Lee", "Patel", "Dubois", "Jensen", "Kim", "Novak", "Haddad", "Lopez", "Wilson", "Andersson",
  "Moreau", "Schmidt", "Costa", "Ivanova", "Taylor", "Clark", "Hernández", "Yilmaz", "Walker", "Sato", "Wright",
  "Khan", "Baker", "Fischer", "Romano", "Chen", "Adams", "Mensah", "Nakamura", "Kelly", "Bianchi", "Reyes",
  "Shapiro", "Popescu", "Larsen", "Murphy", "Ali", "Cohen",
] as const;

const COMPANIES = [
  ["Acme Robotics", "acmerobotics.example"], ["Northwind Traders", "northwind.example"],
  ["Bluebird Analytics", "bluebird.example"], ["Juniper Health", "juniperhealth.example"],
  ["Orbit Logistics", "orbitlogistics.example"], ["Cedar & Pine Studio", "cedarpine.example"],
  ["Helios Solar", "heliossolar.example"], ["Pioneer Dental", "pioneerdental.example"],
  ["Quartz Legal", "quartzlegal.example"], ["Lumen Education", "lumenedu.example"],
  ["Redwood Realty", "redwoodrealty.example"], ["Saffron Kitchens", "saffron.example"],
  ["Tidal Fitness", "tidalfitness.example"], ["Umbra Security", "umbrasec.example"],
  ["Vertex Capital", "vertexcap.example"], ["Willow Veterinary", "willowvet.example"],
  ["Zephyr Travel", "zephyrtravel.example"], ["Granite Construction Co", "graniteco.example"],
  ["Harbor Marine Supply", "harbormarine.example"], ["Indigo Print Works", "indigoprint.example"],
  ["Kestrel Aviation", "kestrelair.example"], ["Maple Street Bakery", "maplebakery.example"],
  ["Nimbus Cloudworks", "nimbuscloud.example"], ["Oakline Furniture", "oakline.example"],
] as const;

const CITIES = [
  ["Austin", "TX", "US"], ["Denver", "CO", "US"], ["Portland", "OR", "US"], ["Chicago", "IL", "US"],
  ["Boston", "MA", "US"], ["Toronto", "ON", "CA"], ["London", "", "GB"], ["Berlin", "", "DE"],
  ["Lisbon", "", "PT"], ["Kyiv", "", "UA"], ["Sydney", "NSW", "AU"], ["Dublin", "", "IE"],
] as const;

const AREA_CODES = ["212", "303", "312", "415", "503", "512", "617", "646", "720", "773"] as const;

export const JOB_TITLES = [
  "Founder", "CEO", "Operations Manager", "Marketing Lead", "Sales Director", "Office Manager",
  "Head of Growth", "Account Executive", "Practice Owner", "Procurement Specialist",
] as const;

export type FakePerson = {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  company: string;
  domain: string;
  jobTitle: string;
  city: string;
  state: string;
  country: string;
};

function slugPart(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z]/g, "");
}

/** A person; `index` makes the e-mail unique within one account. */
export function fakePerson(rng: Rng, index: number): FakePerson {
  const firstName = rng.pick(FIRST);
  const lastName = rng.pick(LAST);
  const [company, domain] = rng.pick(COMPANIES);
  const [city, state, country] = rng.pick(CITIES);
  return {
    firstName,
    lastName,
    email: `${slugPart(firstName)}.${slugPart(lastName)}${index}@${domain}`,
    phone: `+1${rng.pick(AREA_CODES)}5550${String(100 + rng.int(0, 99)).padStart(3, "0")}`,
    company,
    domain,
    jobTitle: rng.pick(JOB_TITLES),
    city,
    state,
    country,
  };
}

/** A time between `daysBack` days ago and now, for seeded created/updated times. */
export function pastDate(rng: Rng, now: Date, daysBack: number): Date {
  return new Date(now.getTime() - Math.floor(rng.next() * daysBack * 86_400_000));
}
