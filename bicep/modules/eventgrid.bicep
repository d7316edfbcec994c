// Blob-created events under drops/ become messages on the drop-events queue, which ReceiveDrop's
// queueTrigger reads (Flex has only event-based blob triggers, and the payload is the event, never the
// blob). The system topic delivers with its own managed identity because the account accepts no shared
// keys; that identity may only add messages to this one queue.

@description('Name of the Event Grid system topic.')
param topicName string

@description('Region of the topic (the storage account\'s region).')
param location string

@description('Name of the storage account whose blob events are published.')
param storageAccountName string

@description('Container whose new blobs are announced.')
param dropsContainerName string

@description('Queue the events are delivered to.')
param queueName string

@description('Tags for every resource.')
param tags object

// Storage Queue Data Message Sender: add messages, nothing else.
var queueMessageSenderRoleId = 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName

  resource queueService 'queueServices' existing = {
    name: 'default'

    resource queue 'queues' existing = {
      name: queueName
    }
  }
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: topicName
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource topicCanSend 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account::queueService::queue.id, topic.id, queueMessageSenderRoleId)
  scope: account::queueService::queue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', queueMessageSenderRoleId)
    principalId: topic.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource dropsToQueue 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: 'drops-to-${queueName}'
  // The topic's identity must be allowed to send before Event Grid delivers the first event.
  dependsOn: [
    topicCanSend
  ]
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${dropsContainerName}/'
    }
    deliveryWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      destination: {
        endpointType: 'StorageQueue'
        properties: {
          resourceId: account.id
          queueName: queueName
          // Never expire: a drop announced while the app is stopped is still processed when it comes back.
          queueMessageTimeToLiveInSeconds: -1
        }
      }
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

output topicName string = topic.name
output subscriptionName string = dropsToQueue.name
