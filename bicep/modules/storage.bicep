// The pipeline's storage account: no shared keys (every client, the Functions host included, signs in
// with Entra ID), no public blob access, TLS 1.2. Declares the containers, queues and tables the app
// uses (Pipeline.Azure.Names and the Durable Functions task hub) and the Flex deployment container.

@description('Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Region of the account.')
param location string

@description('Tags for every resource.')
param tags object

@description('Blob containers of the app (Pipeline.Azure.Names.Containers plus the task hub\'s large-message container).')
param containerNames array

@description('Queues of the app, poison queues included (drop-events and the task hub\'s control and work-item queues).')
param queueNames array

@description('Tables of the app (audit, receipts and the task hub\'s history and instances).')
param tableNames array

@description('Blob container the Flex Consumption plan deploys the app package from.')
param deploymentContainerName string

@description('Days a deleted blob, a blob\'s previous version and a deleted container are kept.')
@minValue(1)
@maxValue(365)
param retentionInDays int

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowCrossTenantReplication: false
  }
}

// Data protection is set on the blob service, so it covers every container of the account: drops,
// raw, lake, quarantine, feedback, config, statements and closes (storage-names.json), the task hub's
// large messages and the app package. A deleted or overwritten blob stays restorable (soft delete, and
// versioning keeps the previous content) and a deleted container comes back with its blobs. Tables,
// the audit ledger (DropAudit) among them, and queues have no soft delete: this does not cover them.
resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: account
  name: 'default'
  properties: {
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: retentionInDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: retentionInDays
    }
  }
}

// Versioning alone keeps every previous version for ever (each deployment's package, each rewritten
// lake file): previous versions older than the retention are deleted, as soft-deleted blobs are.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2025-06-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'expire-previous-versions'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
            }
            actions: {
              version: {
                delete: {
                  daysAfterCreationGreaterThan: retentionInDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [
  for container in union(containerNames, [deploymentContainerName]): {
    parent: blobService
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-06-01' = [
  for queue in queueNames: {
    parent: queueService
    name: queue
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = [
  for table in tableNames: {
    parent: tableService
    name: table
  }
]

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainerName}'
