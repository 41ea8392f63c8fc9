// The national systems the central server talks to, one interface each. The simulators in this
// folder implement them over the server's own database; a real adapter (through the e-government
// gateway) would implement the same interface and nothing else would change.
import type {
  AttachmentRecord,
  LegalEntity,
  NameQuery,
  Payment,
  Person,
  PowerOfAttorney,
} from '../../shared/registry';

export interface IndividualsRegistry {
  byIin(iin: string): Promise<Person | null>;
  searchByName(query: Required<Pick<NameQuery, 'surname' | 'name' | 'limit'>> & { birthDate?: string }): Promise<Person[]>;
}

export interface LegalEntitiesRegistry {
  byBin(bin: string): Promise<LegalEntity | null>;
}

export interface AttachmentRegister {
  byIin(iin: string): Promise<AttachmentRecord | null>;
}

export interface PowersOfAttorneyRegistry {
  byNumber(number: string): Promise<PowerOfAttorney | null>;
  forRepresentative(iin: string): Promise<PowerOfAttorney[]>;
}

export interface PaymentsGateway {
  byPayer(payerId: string, serviceCode?: string): Promise<Payment[]>;
}

export interface NationalSystems {
  individuals: IndividualsRegistry;
  legalEntities: LegalEntitiesRegistry;
  attachment: AttachmentRegister;
  powersOfAttorney: PowersOfAttorneyRegistry;
  payments: PaymentsGateway;
}
