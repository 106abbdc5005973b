import type { Verification } from '@shared/contracts/verification';

/** A filled-in 入户核实 record: 3 people, 5,800 yuan a head after costs, 32,000 yuan of medical bills paid themselves. */
export const SAMPLE_VERIFICATION: Verification = {
  income: { wagesYuan: 12000, businessYuan: 4500, propertyYuan: 0, transfersYuan: 2400 },
  productionCostsYuan: 1500,
  householdSize: 3,
  rigidExpenses: { medicalYuan: 32000, schoolingYuan: 0, disasterLossYuan: 0, otherYuan: 0, otherDescription: '' },
  basicNeeds: {
    education: { secured: true }, medical: { secured: true }, housing: { secured: true }, drinkingWater: { secured: true },
  },
  photoIds: [],
};
