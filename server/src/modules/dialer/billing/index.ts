export {
  billCall,
  billedSeconds,
  parseBillingIncrement,
  type BilledCall,
  type TrunkTariff,
} from './billing.ts';
