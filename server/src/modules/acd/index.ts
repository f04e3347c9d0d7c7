export {
  transition,
  initialAgentState,
  agentInvariantViolations,
  type AgentState,
  type AgentStatus,
  type AgentEvent,
  type AgentEffect,
} from './agent-state.ts';
export { CallQueue, type WaitingCall, type SkillRequirement } from './call-queue.ts';
export { Acd, type AgentProfile, type Offer, type RoutingStrategy, type AcdEvents } from './acd.ts';
