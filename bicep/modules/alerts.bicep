// Two log search alerts on the Application Insights component, where the Functions host writes its logs
// (traces), and the action group that mails them. With no address the rules are deployed disabled and
// no action group exists.
//
// Poison messages: a metric alert cannot see one queue (the account's queue metrics have no per-queue
// dimension), so the rule counts the host's own log line. When a queue-triggered function (ReceiveDrop
// on drop-events) fails maxDequeueCount times (host.json), the Storage Queues extension moves the
// message to '<queue>-poison' and logs, as a warning, "Message has reached MaxDequeueCount of N. Moving
// message to queue '<queue>-poison'." One alert per poison queue.
//
// Failed orchestrations: the Durable Functions extension logs every orchestrator that ends Failed with
// structured values, which Application Insights keeps as customDimensions.prop__*: state 'Failed',
// functionType 'Orchestrator', functionName and instanceId. The rule matches those values, not the log
// category (Host.Triggers.DurableTask, or Function.<name>.User in newer extensions). One alert per
// orchestrator.
//
// Both lines are traces, which host.json exempts from Application Insights sampling.

@description('Region of the alert rules (the Application Insights component\'s region).')
param location string

@description('Tags for every resource.')
param tags object

@description('Name of the Application Insights component the rules query.')
param appInsightsName string

@description('Name of the action group.')
param actionGroupName string

@description('Name of the poison-message alert rule.')
param poisonAlertName string

@description('Name of the failed-orchestration alert rule.')
param orchestrationAlertName string

@description('Durable Functions task hub, named in the failed-orchestration alert.')
param taskHubName string

@description('Address the alerts are mailed to; empty deploys the rules disabled.')
param alertEmail string

var alertsEnabled = !empty(alertEmail)

var poisonQuery = join(
  [
    'traces'
    '| where message startswith "Message has reached MaxDequeueCount"'
    '| extend PoisonQueue = extract(@"Moving message to queue \'([^\']+)\'", 1, message)'
    '| where PoisonQueue endswith "-poison"'
    '| project timestamp, PoisonQueue, message'
  ],
  '\n'
)

var failedOrchestrationsQuery = join(
  [
    'traces'
    '| where tostring(customDimensions.prop__state) == "Failed" and tostring(customDimensions.prop__functionType) == "Orchestrator"'
    '| extend Orchestration = tostring(customDimensions.prop__functionName), InstanceId = tostring(customDimensions.prop__instanceId)'
    '| project timestamp, Orchestration, InstanceId, message'
  ],
  '\n'
)

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (alertsEnabled) {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'payouts'
    enabled: true
    emailReceivers: [
      {
        name: 'operations'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

var actionGroups = alertsEnabled ? [actionGroup.id] : []

resource poisonMessages 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: poisonAlertName
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Partner Payouts: messages moved to a poison queue'
    description: 'A queue message failed maxDequeueCount times and was moved to <queue>-poison. Inspect it there, fix the cause, and move it back to the queue.'
    severity: 2
    enabled: alertsEnabled
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    criteria: {
      allOf: [
        {
          query: poisonQuery
          timeAggregation: 'Count'
          dimensions: [
            {
              name: 'PoisonQueue'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    // Each poisoned message is an event of its own, not a state that clears.
    autoMitigate: false
    actions: {
      actionGroups: actionGroups
    }
  }
}

resource failedOrchestrations 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: orchestrationAlertName
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Partner Payouts: orchestrations failed'
    description: 'An orchestration of task hub ${taskHubName} ended Failed. Its instance id is in the alert; its history is in the ${taskHubName}History table.'
    severity: 1
    enabled: alertsEnabled
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    criteria: {
      allOf: [
        {
          query: failedOrchestrationsQuery
          timeAggregation: 'Count'
          dimensions: [
            {
              name: 'Orchestration'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: false
    actions: {
      actionGroups: actionGroups
    }
  }
}
