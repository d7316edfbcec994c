// The Flex Consumption plan and the function app: the .NET isolated worker (functionAppConfig.runtime
// dotnet-isolated 10.0; Flex takes the runtime from there, not from a FUNCTIONS_WORKER_RUNTIME setting)
// that signs in to storage and Application Insights as its user-assigned identity. No connection string
// carries a key, and basic publishing credentials are off.

@description('Name of the Flex Consumption plan.')
param planName string

@description('Name of the function app (also its default host name).')
param appName string

@description('Region of the plan and the app.')
param location string

@description('Tags for every resource.')
param tags object

@description('Value of the azd-service-name tag, by which `azd deploy` finds the app (the service name in azure.yaml).')
param azdServiceName string

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

@description('Blob, queue and table endpoints of the storage account.')
param storageEndpoints {
  blob: string
  queue: string
  table: string
}

@description('URL of the blob container Flex deploys the package from.')
param deploymentContainerUrl string

@description('Application Insights connection string (an endpoint, not a secret: local auth is off).')
param appInsightsConnectionString string

@description('Most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of each instance.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Durable Functions task hub name.')
param taskHubName string

@description('Endpoint of the notifications topic (Event Grid) the app publishes its events to.')
param notificationsTopicEndpoint string

@description('Partitions (control queues) of the task hub.')
@minValue(1)
@maxValue(16)
param partitionCount int

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: appName
  location: location
  tags: union(tags, { 'azd-service-name': azdServiceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        // One identity-based connection for the host (triggers, timers' leases, keys), the Durable Functions
        // task hub (its Azure Storage provider uses AzureWebJobsStorage) and the app's own clients.
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'AzureWebJobsStorage__blobServiceUri', value: storageEndpoints.blob }
        { name: 'AzureWebJobsStorage__queueServiceUri', value: storageEndpoints.queue }
        { name: 'AzureWebJobsStorage__tableServiceUri', value: storageEndpoints.table }
        // The task hub, overriding host.json's extensions.durableTask.
        { name: 'AzureFunctionsJobHost__extensions__durableTask__hubName', value: taskHubName }
        { name: 'AzureFunctionsJobHost__extensions__durableTask__storageProvider__partitionCount', value: string(partitionCount) }
        { name: 'Pipeline__Notifications__EventGridTopic', value: notificationsTopicEndpoint }
        // DefaultAzureCredential in the worker picks this identity.
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        // Telemetry of the host and of the worker's Azure Monitor exporter, signed in as the identity.
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        // The worker's service name is the app's name, the cloud role the host reports under.
        { name: 'OTEL_SERVICE_NAME', value: appName }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        // The app targets net10.0 (Directory.Build.props).
        version: '10.0'
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
    }
  }
}

// Deployments authenticate with Entra ID (azd, az functionapp deployment); no publishing passwords.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
