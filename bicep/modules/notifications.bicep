// The pipeline's notifications (statement published, drop rejected, close waiting for finance, hold reminder
// and escalation) as CloudEvents on a custom topic, so finance routes them to mail, Teams or a queue with an
// Event Grid subscription and no code. The topic takes Entra ID only (no access keys); the app's identity may
// send events to it and nothing else.

@description('Name of the Event Grid custom topic.')
param topicName string

@description('Region of the topic.')
param location string

@description('Name of the function app\'s user-assigned identity (the publisher).')
param identityName string

@description('Tags for every resource.')
param tags object

// EventGrid Data Sender: publish events to the topic.
var dataSenderRoleId = 'd5a91429-5739-47e2-a06b-3470a27159e7'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource topic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: topicName
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource appCanSend 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, identity.id, dataSenderRoleId)
  scope: topic
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataSenderRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

@description('The topic endpoint the app publishes to (Pipeline__Notifications__EventGridTopic).')
output endpoint string = topic.properties.endpoint
