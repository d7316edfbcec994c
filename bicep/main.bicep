// Partner Payouts in one resource group: storage (no shared keys, soft delete and versioning on blobs),
// Event Grid from drops/ to the drop-events queue, a Flex Consumption function app running the .NET
// isolated worker as a user-assigned identity, Log Analytics + Application Insights with two alerts,
// and the role assignments that identity needs.
// Deploy: README "Deploy to Azure". Compile and lint: infra/bicep-lint.sh.
targetScope = 'resourceGroup'

@description('Short name every resource name starts with (lowercase letters and digits; it also prefixes the storage account name).')
@minLength(3)
@maxLength(11)
param namePrefix string

@description('Region of every resource. It must offer Flex Consumption (`az functionapp list-flexconsumption-locations`).')
param location string = resourceGroup().location

@description('Most instances the function app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each function app instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Durable Functions task hub (letters and digits, starting with a letter): it names the control and work-item queues, the History, Instances and Partitions tables and the large-message container. The app gets it as an app setting, which overrides host.json.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'payouts'

@description('Partitions (control queues) of the task hub, passed to the app as its storageProvider.partitionCount. Fixed for the life of a hub: instances are spread over them by a hash of their id.')
@minValue(1)
@maxValue(16)
param controlQueueCount int = 4

@description('Days a deleted or overwritten blob (and a deleted container) can be restored.')
@minValue(1)
@maxValue(365)
param blobRetentionInDays int = 30

@description('Address the alerts (poison messages, failed orchestrations) are mailed to. Empty: the alert rules are deployed disabled, without an action group.')
param alertEmail string = ''

@description('Days Log Analytics keeps logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Tags for every resource.')
param tags object = {}

var appStorage = loadJsonContent('storage-names.json')
var suffix = uniqueString(resourceGroup().id, namePrefix)
var allTags = union({ application: 'partner-payouts' }, tags)

// Names are computed here, not taken from module outputs, so What-If can predict every resource.
var names = {
  identity: 'id-${namePrefix}-${suffix}'
  workspace: 'log-${namePrefix}-${suffix}'
  appInsights: 'appi-${namePrefix}-${suffix}'
  storage: '${namePrefix}${take(suffix, 24 - length(namePrefix))}'
  eventGridTopic: 'evgt-${namePrefix}-${suffix}'
  notificationsTopic: 'evgt-${namePrefix}-notify-${suffix}'
  plan: 'plan-${namePrefix}-${suffix}'
  functionApp: 'func-${namePrefix}-${suffix}'
  actionGroup: 'ag-${namePrefix}-${suffix}'
  poisonAlert: 'alert-${namePrefix}-poison-messages'
  orchestrationAlert: 'alert-${namePrefix}-failed-orchestrations'
}

// The task hub's storage as Durable Functions' Azure Storage provider names it: queues and containers
// use the hub name in lowercase ('<hub>-control-00'.., '<hub>-workitems', '<hub>-largemessages'), tables
// keep its case ('<Hub>History', '<Hub>Instances', '<Hub>Partitions' of the table partition manager).
// The extension creates whatever is missing; declaring them keeps What-If and the account complete.
var hub = toLower(taskHubName)
var hubQueues = concat(map(range(0, controlQueueCount), i => '${hub}-control-${padLeft(i, 2, '0')}'), ['${hub}-workitems'])
var hubTables = ['${taskHubName}History', '${taskHubName}Instances', '${taskHubName}Partitions']

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: allTags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    location: location
    retentionInDays: logRetentionInDays
    tags: allTags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    tags: allTags
    containerNames: concat(appStorage.containers, ['${hub}-largemessages'])
    queueNames: concat(appStorage.queues, hubQueues)
    tableNames: concat(appStorage.tables, hubTables)
    deploymentContainerName: 'app-package'
    retentionInDays: blobRetentionInDays
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  dependsOn: [
    identity
    storage
    monitoring
  ]
  params: {
    identityName: names.identity
    storageAccountName: names.storage
    appInsightsName: names.appInsights
  }
}

module eventGrid 'modules/eventgrid.bicep' = {
  name: 'eventgrid'
  // The queue must exist before Event Grid delivers to it.
  dependsOn: [
    storage
  ]
  params: {
    topicName: names.eventGridTopic
    location: location
    storageAccountName: names.storage
    dropsContainerName: appStorage.dropsContainer
    queueName: appStorage.dropEventsQueue
    tags: allTags
  }
}

module notifications 'modules/notifications.bicep' = {
  name: 'notifications'
  // The role assignment names the identity.
  dependsOn: [
    identity
  ]
  params: {
    topicName: names.notificationsTopic
    location: location
    identityName: names.identity
    tags: allTags
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  // The host reaches storage as the identity from its first start: grant the roles first.
  dependsOn: [
    roles
  ]
  params: {
    planName: names.plan
    appName: names.functionApp
    location: location
    tags: allTags
    azdServiceName: 'functions'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageEndpoints: {
      blob: storage.outputs.blobEndpoint
      queue: storage.outputs.queueEndpoint
      table: storage.outputs.tableEndpoint
    }
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    taskHubName: taskHubName
    partitionCount: controlQueueCount
    notificationsTopicEndpoint: notifications.outputs.endpoint
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  // The rules query the Application Insights component by its id.
  dependsOn: [
    monitoring
  ]
  params: {
    location: location
    tags: allTags
    appInsightsName: names.appInsights
    actionGroupName: names.actionGroup
    poisonAlertName: names.poisonAlert
    orchestrationAlertName: names.orchestrationAlert
    taskHubName: taskHubName
    alertEmail: alertEmail
  }
}

output functionAppName string = functionApp.outputs.name
output functionAppHostName string = functionApp.outputs.defaultHostName
output storageAccountName string = storage.outputs.name
output eventGridTopicName string = eventGrid.outputs.topicName
